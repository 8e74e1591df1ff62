import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { DOCUMENT, DestroyRef, type OutputEmitterRef, type Provider, type Type } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';

/** A report table on its own in a TestBed, with what a spec reads of it. */
export interface ReportTableBed<R> {
  readonly fixture: ComponentFixture<{ readonly cleanup: OutputEmitterRef<readonly R[]> }>;
  readonly loader: HarnessLoader;
  /** What the table handed to clean-up, click by click. */
  readonly emitted: (readonly R[])[];
  /** The table's text, white space collapsed. */
  text(): string;
  /** The `path` cells of the rows shown. */
  paths(): Promise<string[]>;
  filterBy(value: string): Promise<void>;
}

/** Renders a report table with these inputs (and providers for what its cells need). */
export async function mountReportTable<R>(
  type: Type<{ readonly cleanup: OutputEmitterRef<readonly R[]> }>,
  inputs: Record<string, unknown>,
  providers: Provider[] = [],
): Promise<ReportTableBed<R>> {
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }, providers],
  });
  const fixture = TestBed.createComponent(type);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  const emitted: (readonly R[])[] = [];
  fixture.componentInstance.cleanup.subscribe((rows) => emitted.push(rows));
  const loader = TestbedHarnessEnvironment.loader(fixture);
  await fixture.whenStable();
  return {
    fixture,
    loader,
    emitted,
    text: () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' '),
    paths: async () => (await shownRows(loader)).map((r) => r['path']!),
    filterBy: async (value) => (await loader.getHarness(MatInputHarness)).setValue(value),
  };
}

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
  TestBed.inject(DOCUMENT).addEventListener(
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
