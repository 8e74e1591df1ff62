import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { of } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import type { OrphanFile } from './orphan-report';
import { OrphanFilesTable } from './orphan-files-table';
import { type ReportTableBed, csvDownloads, mountReportTable, shownRows } from './testing/report-harness';

const SCANNED = new Date('2026-03-04T05:06:07.890Z');
const daysAgo = (d: number) => new Date(SCANNED.getTime() - d * 86_400_000);
const file = (path: string, size: number, owner: OrphanFile['owner'], age = 3, young = false): OrphanFile => ({
  path,
  size,
  lastModified: daysAgo(age),
  prefix: path.includes('/') ? `${path.split('/')[0]}/` : '',
  owner,
  young,
});

const ROWS: OrphanFile[] = [
  file('images/s1/old.png', 4096, { id: 's1', model: 'Song', exists: true }),
  file('images/gone/left.png', 1024, { id: 'gone', exists: false }, 10),
  file('loose.bin', 10_485_760, { id: null, exists: false }, 1),
  file('images/s2/new.png', 10, { id: 's2', model: 'Song', exists: true }, 0, true),
];

describe('OrphanFilesTable', () => {
  let bed: ReportTableBed<OrphanFile>;
  const signedUrl = () => of('data:image/gif;base64,R0lGODlhAQABAAAAACw=');
  const render = async (rows: readonly OrphanFile[], canClean: boolean) =>
    (bed = await mountReportTable(OrphanFilesTable, { rows, scannedAt: SCANNED, graceMs: 3_600_000, canClean }, [
      { provide: AttachmentEngine, useValue: { signedUrl } },
    ]));

  it('lists the largest first, with size, age, and the record the key names; no clean-up without the right', async () => {
    await render(ROWS, false);
    const table = await bed.loader.getHarness(MatTableHarness);
    expect(Object.keys(await (await table.getHeaderRows())[0]!.getCellTextByColumnName())).toEqual([
      'preview',
      'path',
      'size',
      'age',
      'record',
    ]);
    expect((await shownRows(bed.loader)).map((r) => [r['path'], r['size'], r['age'], r['record']])).toEqual([
      ['loose.bin', '10 MB', '1 d', 'none'],
      ['images/s1/old.png', '4 KB', '3 d', 'Song s1'],
      ['images/gone/left.png', '1 KB', '10 d', 'gone deleted'],
      ['images/s2/new.png', '10 B', 'just now new', 'Song s2'],
    ]);
    const links = (bed.fixture.nativeElement as HTMLElement).querySelectorAll('td.mat-column-record a');
    expect([...links].map((a) => a.getAttribute('href'))).toEqual(['/songs/s1', '/songs/s2']);
    expect(await bed.loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
    expect(await bed.loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete/ }))).toEqual([]);
    expect(bed.text()).not.toContain('younger than');
  });

  it('filters by key or record id, and sorts by any column while filtered', async () => {
    await render(ROWS, false);
    await bed.filterBy('GONE');
    expect(await bed.paths()).toEqual(['images/gone/left.png']);
    expect(bed.text()).toContain('1 of 4');
    await bed.filterBy('.png');
    expect(await bed.paths()).toEqual(['images/s1/old.png', 'images/gone/left.png', 'images/s2/new.png']);

    const sort = await bed.loader.getHarness(MatSortHarness);
    await (await sort.getSortHeaders({ label: 'Age' }))[0]!.click();
    expect(await bed.paths()).toEqual(['images/s2/new.png', 'images/s1/old.png', 'images/gone/left.png']);
    // Records that exist first, then by model and id.
    await (await sort.getSortHeaders({ label: 'Record named by the key' }))[0]!.click();
    expect(await bed.paths()).toEqual(['images/s1/old.png', 'images/s2/new.png', 'images/gone/left.png']);

    await bed.filterBy('no such key');
    expect(bed.text()).toContain('No file matches “no such key”.');
  });

  it('exports the matching files as CSV cells, in the order shown', async () => {
    await render(ROWS, false);
    const downloads = csvDownloads();
    await bed.filterBy('images/');
    await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).click();
    const [csv] = await downloads();
    expect(csv!.fileName).toBe('orphan-files-2026-03-04T050607.csv');
    expect(csv!.lines).toEqual([
      'path,bytes,last_modified,record_id,record_model,record_exists,in_grace_period',
      'images/s1/old.png,4096,2026-03-01T05:06:07.890Z,s1,Song,yes,no',
      'images/gone/left.png,1024,2026-02-22T05:06:07.890Z,gone,,no,no',
      'images/s2/new.png,10,2026-03-04T05:06:07.890Z,s2,Song,yes,yes',
    ]);
  });

  it('never offers files in the grace period for "Delete all", and selects every matching file on every page', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      file(`images/b${i}/x.png`, 100 + i, { id: `b${i}`, model: 'Song', exists: false }),
    );
    await render([...ROWS, ...many], true);
    expect(bed.text()).toContain('1 file(s) are younger than 1 h and are never deleted');
    expect(await (await bed.loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('1 – 25 of 44');

    await bed.filterBy('/b');
    const all = await bed.loader.getHarness(MatCheckboxHarness.with({ selector: 'th mat-checkbox' }));
    expect(await all.getAriaLabel()).toBe('Select all matching files');
    await all.check();
    const selected = await bed.loader.getHarness(MatButtonHarness.with({ text: /Delete selected/ }));
    expect(await selected.getText()).toContain('Delete selected (40)');
    await selected.click();
    expect(bed.emitted[0]!.length).toBe(40);
    expect(bed.emitted[0]!.every((f) => f.path.startsWith('images/b'))).toBeTrue();

    // "all matching" toggles off again.
    await all.uncheck();
    expect(await selected.isDisabled()).toBeTrue();

    await bed.filterBy('');
    const deleteAll = await bed.loader.getHarness(MatButtonHarness.with({ text: /Delete all/ }));
    expect(await deleteAll.getText()).toContain('Delete all (43)');
    await deleteAll.click();
    expect(bed.emitted[1]!.map((f) => f.path)).not.toContain('images/s2/new.png');
    expect(bed.emitted[1]!.length).toBe(43);
  });

  it('says when there are no orphans', async () => {
    await render([], true);
    expect((bed.fixture.nativeElement as HTMLElement).querySelector('[data-testid="no-orphans"]')).not.toBeNull();
    expect(await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).isDisabled()).toBeTrue();
  });

  describe('on a shared report with pages not loaded', () => {
    const renderShared = async () => {
      await render(ROWS, true);
      bed.fixture.componentRef.setInput('inReport', 40_005);
      await bed.fixture.whenStable();
    };
    const emittedReport = () => {
      const seen: string[] = [];
      (bed.fixture.componentInstance as OrphanFilesTable).cleanupReport.subscribe((f) => seen.push(f));
      return seen;
    };
    const selectAll = async () =>
      (await bed.loader.getHarness(MatCheckboxHarness.with({ selector: 'th mat-checkbox' }))).check();

    it('offers every orphan in the report once all loaded rows are selected, and deletes that selection', async () => {
      await renderShared();
      const asked = emittedReport();
      expect(bed.text()).not.toContain('in the report');
      await selectAll();
      expect(bed.text()).toContain('All 4 loaded files are selected.');
      await (
        await bed.loader.getHarness(MatButtonHarness.with({ text: 'Select all 40,005 orphans in the report' }))
      ).click();
      expect(bed.text()).toContain(
        'All 40,005 orphans in the report are selected: the clean-up reads the report a page at a time.',
      );
      expect(await bed.loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete selected/ }))).toEqual([]);
      await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Delete all 40,005 in the report/ }))).click();
      expect(asked).toEqual(['']);
      expect(bed.emitted).toEqual([]);
    });

    it('keeps the filter for the whole report, and drops the offer when the selection changes', async () => {
      await renderShared();
      const asked = emittedReport();
      await bed.filterBy('images/');
      await selectAll();
      expect(bed.text()).toContain('All 3 loaded files matching “images/” are selected.');
      await (
        await bed.loader.getHarness(
          MatButtonHarness.with({ text: 'Select every orphan in the report matching “images/”' }),
        )
      ).click();
      expect(bed.text()).toContain('the clean-up applies the filter to each page of the report as it reads it');
      await (
        await bed.loader.getHarness(MatButtonHarness.with({ text: /Delete all in the report matching “images\/”/ }))
      ).click();
      expect(asked).toEqual(['images/']);

      const rows = await bed.loader.getAllHarnesses(MatCheckboxHarness.with({ selector: 'td mat-checkbox' }));
      await rows[0]!.uncheck();
      expect(bed.text()).not.toContain('in the report');
      expect(await bed.loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete selected \(2\)/ }))).toHaveSize(1);
    });

    it('makes no offer when every page is loaded or the user may not clean up', async () => {
      await render(ROWS, true);
      await selectAll();
      expect(bed.text()).not.toContain('in the report');
    });
  });
});
