import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { DanglingTable } from './dangling-table';
import type { DanglingRef } from './orphan-report';
import { type ReportTableBed, csvDownloads, mountReportTable, shownRows } from './testing/report-harness';

const ref = (model: string, id: string, field: string, path: string): DanglingRef => ({
  model,
  id,
  field,
  path,
  updatedAt: '2026-02-02T00:00:00.000Z',
  fieldPaths: [path],
});

const ROWS = [
  ref('Song', 's2', 'coverArtPath', 'images/s2/missing.png'),
  ref('PhotoAlbum', 'a1', 'imagePaths', 'images/a1/lost.png'),
  ref('PhotoAlbum', 'a1', 'imagePaths', 'images/a1/gone.png'),
  ref('Gadget', 'g7', 'manual', '=SUM(A1).pdf'),
];

describe('DanglingTable', () => {
  let bed: ReportTableBed<DanglingRef>;
  const render = async (rows: readonly DanglingRef[], canClean: boolean) =>
    (bed = await mountReportTable(DanglingTable, { rows, scannedAt: new Date('2026-03-04T05:06:07.890Z'), canClean }));

  it('shows every reference in scan order with links to record pages, and no clean-up without the right', async () => {
    await render(ROWS, false);
    const table = await bed.loader.getHarness(MatTableHarness);
    expect(await (await table.getHeaderRows())[0]!.getCellTextByColumnName()).toEqual({
      record: 'Record',
      field: 'Field',
      path: 'Missing path',
    });
    expect((await shownRows(bed.loader)).map((r) => [r['record'], r['field'], r['path']])).toEqual([
      ['Song s2', 'coverArtPath', 'images/s2/missing.png'],
      ['PhotoAlbum a1', 'imagePaths', 'images/a1/lost.png'],
      ['PhotoAlbum a1', 'imagePaths', 'images/a1/gone.png'],
      ['Gadget g7', 'manual', '=SUM(A1).pdf'],
    ]);
    const links = (bed.fixture.nativeElement as HTMLElement).querySelectorAll('td.mat-column-record a');
    expect([...links].map((a) => a.getAttribute('href'))).toEqual([
      '/songs/s2',
      '/albums/a1',
      '/albums/a1',
      '/records/Gadget/g7',
    ]);
    expect(await bed.loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
    expect(await bed.loader.getAllHarnesses(MatButtonHarness.with({ text: /Clear/ }))).toEqual([]);
    expect(bed.text()).toContain('4 of 4');
  });

  it('filters by record, field or path, ignoring case, and says when nothing matches', async () => {
    await render(ROWS, false);
    await bed.filterBy('PHOTOALBUM A1');
    expect(await bed.paths()).toEqual(['images/a1/lost.png', 'images/a1/gone.png']);
    expect(bed.text()).toContain('2 of 4');
    await bed.filterBy('coverart');
    expect(await bed.paths()).toEqual(['images/s2/missing.png']);
    await bed.filterBy('nothing-like-this');
    expect(await bed.paths()).toEqual([]);
    expect(bed.text()).toContain('No reference matches “nothing-like-this”.');
    expect(await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).isDisabled()).toBeTrue();
    await bed.filterBy('');
    expect((await bed.paths()).length).toBe(4);
  });

  it('sorts by a column, both ways, and keeps the order while filtering', async () => {
    await render(ROWS, false);
    const header = (await (await bed.loader.getHarness(MatSortHarness)).getSortHeaders({ label: 'Missing path' }))[0]!;
    await header.click();
    expect(await bed.paths()).toEqual([
      '=SUM(A1).pdf',
      'images/a1/gone.png',
      'images/a1/lost.png',
      'images/s2/missing.png',
    ]);
    await header.click();
    expect(await header.getSortDirection()).toBe('desc');
    await bed.filterBy('images/a1');
    expect(await bed.paths()).toEqual(['images/a1/lost.png', 'images/a1/gone.png']);
  });

  it('exports the matching references as CSV, in the order shown, with a formula-like cell defused', async () => {
    await render(ROWS, false);
    const downloads = csvDownloads();
    await (await (await bed.loader.getHarness(MatSortHarness)).getSortHeaders({ label: 'Record' }))[0]!.click();
    await bed.filterBy('a1 imagepaths');
    await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).click();
    const [csv] = await downloads();
    expect(csv!.fileName).toBe('dangling-references-2026-03-04T050607.csv');
    expect(csv!.lines).toEqual([
      'model,record_id,field,missing_path,record_updated_at',
      'PhotoAlbum,a1,imagePaths,images/a1/lost.png,2026-02-02T00:00:00.000Z',
      'PhotoAlbum,a1,imagePaths,images/a1/gone.png,2026-02-02T00:00:00.000Z',
    ]);

    await bed.filterBy('g7');
    await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).click();
    expect((await downloads())[1]!.lines[1]).toBe("Gadget,g7,manual,'=SUM(A1).pdf,2026-02-02T00:00:00.000Z");
  });

  it('selects every reference matching the filter across pages, and hands the selection to clean-up', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ref('Song', `s${i}`, 'coverArtPath', `images/s${i}/x.png`));
    await render([...many, ...ROWS], true);
    expect((await bed.paths()).length).toBe(25);
    expect(await (await bed.loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('1 – 25 of 34');

    await bed.filterBy('coverart');
    const all = await bed.loader.getHarness(MatCheckboxHarness.with({ selector: 'th mat-checkbox' }));
    expect(await all.getAriaLabel()).toBe('Select all matching references');
    await all.check();
    const selected = await bed.loader.getHarness(MatButtonHarness.with({ text: /Clear selected/ }));
    expect(await selected.getText()).toContain('Clear selected (31)');
    expect(await all.isChecked()).toBeTrue();

    // Widening the filter: some of the matching rows are selected.
    await bed.filterBy('');
    expect(await all.isIndeterminate()).toBeTrue();
    const rows = await bed.loader.getAllHarnesses(MatCheckboxHarness.with({ selector: 'td mat-checkbox' }));
    expect(await rows[0]!.getAriaLabel()).toBe('Select Song s0 images/s0/x.png');
    await rows[0]!.uncheck();
    expect(await selected.getText()).toContain('Clear selected (30)');

    await selected.click();
    expect(bed.emitted.length).toBe(1);
    expect(bed.emitted[0]!.length).toBe(30);
    expect(bed.emitted[0]!.map((r) => r.id)).not.toContain('s0');
    expect(bed.emitted[0]!.every((r) => r.field === 'coverArtPath')).toBeTrue();

    await (await bed.loader.getHarness(MatButtonHarness.with({ text: /Clear all \(34\)/ }))).click();
    expect(bed.emitted[1]!.length).toBe(34);
  });

  it('clears the selection when a new scan arrives, and says when there is nothing dangling until there is', async () => {
    await render(ROWS, true);
    await (await bed.loader.getAllHarnesses(MatCheckboxHarness.with({ selector: 'td mat-checkbox' })))[1]!.check();
    expect(bed.text()).toContain('Clear selected (1)');
    bed.fixture.componentRef.setInput('rows', ROWS.slice(1));
    await bed.fixture.whenStable();
    expect(bed.text()).toContain('Clear selected (0)');
    expect(bed.text()).toContain('3 of 3');

    bed.fixture.componentRef.setInput('rows', []);
    await bed.fixture.whenStable();
    expect((bed.fixture.nativeElement as HTMLElement).querySelector('[data-testid="no-dangling"]')).not.toBeNull();
    expect(bed.text()).toContain('Clear all (0)');

    bed.fixture.componentRef.setInput('rows', ROWS);
    await bed.fixture.whenStable();
    expect((await bed.paths()).length).toBe(4);
  });
});
