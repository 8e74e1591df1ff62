import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ReportTable, sortRows } from './report-table';

interface Row {
  readonly key: string;
  readonly size: number;
}

describe('ReportTable', () => {
  const N = 100_000;
  const rows = Array.from({ length: N }, (_, i): Row => ({ key: `images/r${i}/f.png`, size: (i * 7919) % N }));
  let texts: number;
  let sortKeys: number;

  function tableOf(all: readonly Row[]) {
    texts = 0;
    sortKeys = 0;
    const source = signal(all);
    const table = TestBed.runInInjectionContext(
      () =>
        new ReportTable<Row>({
          rows: source,
          text: (r) => (texts++, r.key),
          sortValue: (r) => (sortKeys++, r.size),
          initialSort: { active: 'size', direction: 'desc' },
          csv: { fileName: () => 'x', header: [], cells: () => [] },
        }),
    );
    return { table, source };
  }

  it('sorts 100,000 rows once per sort, not per keystroke of the filter', () => {
    const { table } = tableOf(rows);
    expect(table.page()[0]!.size).toBe(N - 1);
    expect(sortKeys).toBe(N);
    for (const typed of ['r', 'r1', 'r12', 'r123', 'r12']) {
      table.setFilter(typed);
      expect(table.page().every((r) => r.key.includes(typed))).toBeTrue();
    }
    expect(table.shown()).toBe(rows.filter((r) => r.key.includes('r12')).length);
    // Still in size order, after filtering.
    const sizes = table.matching().map((r) => r.size);
    expect(sizes.every((s, i) => i === 0 || sizes[i - 1]! >= s)).toBeTrue();
    expect(sortKeys).toBe(N);
    expect(texts).toBe(N);

    table.sortBy({ active: 'size', direction: 'asc' });
    expect(table.page()[0]!.size).toBeLessThan(table.page()[1]!.size);
    expect(sortKeys).toBe(2 * N);
  });

  it('selects every one of 100,000 matching rows in one pass, and tells whether all shown are selected', () => {
    const { table, source } = tableOf(rows);
    const started = performance.now();
    table.toggleAll();
    expect(table.selected()).toBe(N);
    expect(table.allShownSelected()).toBeTrue();
    // Quadratic work on 100,000 rows would take minutes; one pass takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);

    table.toggle(rows[5]!);
    expect(table.allShownSelected()).toBeFalse();
    table.setFilter('r5/');
    expect(table.shown()).toBe(1);
    expect(table.allShownSelected()).toBeFalse();
    table.toggleAll();
    expect(table.selected()).toBe(N);
    expect(table.selectedRows().length).toBe(N);

    source.set(rows.slice(0, 10));
    expect(table.selected()).toBe(0);
  });

  it('keeps the page inside the rows left by the filter', () => {
    const { table } = tableOf(rows.slice(0, 60));
    table.turnPage({ pageIndex: 2, pageSize: 25, length: 60 });
    expect(table.page().length).toBe(10);
    table.setFilter('r1');
    // r1, r10–r19: 11 rows, one page.
    expect(table.pageIndex()).toBe(0);
    expect(table.page().length).toBe(11);
  });
});

describe('sortRows', () => {
  const by = (v: (s: string) => string | number) => (s: string) => v(s);

  it('orders numbers as numbers, text by code unit, and keeps ties in the given order', () => {
    const rows = ['b10', 'a2', 'b9', 'a1'];
    expect(
      sortRows(
        rows,
        { active: 'n', direction: 'asc' },
        by((s) => Number(s.slice(1))),
      ),
    ).toEqual(['a1', 'a2', 'b9', 'b10']);
    expect(
      sortRows(
        rows,
        { active: 't', direction: 'desc' },
        by((s) => s[0]!),
      ),
    ).toEqual(['b10', 'b9', 'a2', 'a1']);
    expect(
      sortRows(
        rows,
        { active: 't', direction: '' },
        by((s) => s),
      ),
    ).toBe(rows);
  });

  it('compares a number against text as text', () => {
    const rows = ['x', 'y'];
    const value = (s: string) => (s === 'x' ? 10 : '9');
    expect(sortRows(rows, { active: 'v', direction: 'asc' }, value)).toEqual(['x', 'y']);
  });
});
