import { type Signal, computed, signal } from '@angular/core';

/**
 * The rows ticked in a table, by id, across pages and searches: single rows, a shift-click
 * range (in the order shown), the whole page, or every row matching the search. Rows deleted
 * meanwhile drop out of the count on their own.
 */
export class RowSelection<T extends { readonly id: string }> {
  private readonly ids = signal<ReadonlySet<string>>(new Set());
  private readonly unticks = signal(0);
  /** Counts every untick and clear: a choice made on the selection holds while this stays the same. */
  readonly removals = this.unticks.asReadonly();
  /** The row last ticked or unticked: one end of a shift-click range. */
  private anchor: string | null = null;

  constructor(
    /** Every row, in the table's order. */
    private readonly all: Signal<readonly T[]>,
    /** The rows matching the search, in the table's order. */
    private readonly matching: Signal<readonly T[]>,
  ) {}

  /** The selected rows that still exist, in the table's order. */
  readonly rows = computed(() => {
    const ids = this.ids();
    return ids.size ? this.all().filter((r) => ids.has(r.id)) : [];
  });
  readonly count = computed(() => this.rows().length);

  has(row: T): boolean {
    return this.ids().has(row.id);
  }

  /** Ticks or unticks one row; with `range`, every row from the last one touched to this one. */
  set(row: T, checked: boolean, range = false): void {
    let targets = [row.id];
    if (range && this.anchor !== null) {
      const order = this.matching().map((r) => r.id);
      const from = order.indexOf(this.anchor);
      const to = order.indexOf(row.id);
      if (from >= 0 && to >= 0) targets = order.slice(Math.min(from, to), Math.max(from, to) + 1);
    }
    this.anchor = row.id;
    this.apply(targets, checked);
  }

  /** 'all', 'some' or 'none' of these rows are selected (for the header checkbox). */
  stateOf(rows: readonly T[]): 'all' | 'some' | 'none' {
    const ids = this.ids();
    const n = rows.filter((r) => ids.has(r.id)).length;
    return n === 0 ? 'none' : n === rows.length ? 'all' : 'some';
  }

  setRows(rows: readonly T[], checked: boolean): void {
    this.apply(
      rows.map((r) => r.id),
      checked,
    );
  }

  /** Every row matching the search, not only the page shown. */
  selectMatching(): void {
    this.setRows(this.matching(), true);
  }

  clear(): void {
    this.unticks.update((n) => n + 1);
    this.ids.set(new Set());
    this.anchor = null;
  }

  private apply(ids: readonly string[], checked: boolean): void {
    if (!checked && ids.length) this.unticks.update((n) => n + 1);
    this.ids.update((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }
}
