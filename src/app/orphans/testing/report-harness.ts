import type { HarnessLoader } from '@angular/cdk/testing';
import { DOCUMENT, DestroyRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatTableHarness } from '@angular/material/table/testing';

/** The cells of the rows the table shows, by column name. */
export async function shownRows(loader: HarnessLoader): Promise<Record<string, string>[]> {
  const rows = await (await loader.getHarness(MatTableHarness)).getRows();
  return Promise.all(rows.map((r) => r.getCellTextByColumnName()));
}

/**
 * Catches the CSV downloads a spec starts (the click on the download link, which it keeps from
 * navigating), so it can read their file names and lines. Stops when the TestBed is torn down.
 */
export function csvDownloads(): () => Promise<{ fileName: string; lines: string[] }[]> {
  const clicked: HTMLAnchorElement[] = [];
  const stop = new AbortController();
  const doc = TestBed.inject(DOCUMENT);
  doc.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof HTMLAnchorElement && event.target.download) {
        event.preventDefault();
        clicked.push(event.target);
      }
    },
    { capture: true, signal: stop.signal },
  );
  TestBed.inject(DestroyRef).onDestroy(() => stop.abort());
  return () =>
    Promise.all(
      clicked.map(async (a) => ({
        fileName: a.download,
        lines: (await (await fetch(a.href)).text()).split('\r\n').slice(0, -1),
      })),
    );
}
