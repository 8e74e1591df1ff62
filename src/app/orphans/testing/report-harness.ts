import type { HarnessLoader } from '@angular/cdk/testing';
import { MatTableHarness } from '@angular/material/table/testing';

/** The cells of the rows the table shows, by column name. */
export async function shownRows(loader: HarnessLoader): Promise<Record<string, string>[]> {
  const rows = await (await loader.getHarness(MatTableHarness)).getRows();
  return Promise.all(rows.map((r) => r.getCellTextByColumnName()));
}

/**
 * Catches the CSV downloads a spec starts (the anchor's click is the download), so it can read
 * their file names and lines. Call inside a spec: it installs a Jasmine spy.
 */
export function csvDownloads(): () => Promise<{ fileName: string; lines: string[] }[]> {
  const clicked: HTMLAnchorElement[] = [];
  spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  return () =>
    Promise.all(
      clicked.map(async (a) => ({
        fileName: a.download,
        lines: (await (await fetch(a.href)).text()).split('\r\n').slice(0, -1),
      })),
    );
}
