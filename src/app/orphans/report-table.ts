import { DOCUMENT, type Signal, type WritableSignal, computed, inject, linkedSignal, signal } from '@angular/core';
import type { PageEvent } from '@angular/material/paginator';
import type { Sort } from '@angular/material/sort';
import { downloadCsv, toCsv } from '../shared/csv';

/** What one report table declares about its rows; the rest of the machinery is shared. */
export interface ReportTableOptions<T> {
  readonly rows: Signal<readonly T[]>;
  /** The text the filter looks in (compared lower-cased). */
  readonly text: (row: T) => string;
  /** The value a sortable column orders rows by. */
  readonly sortValue: (row: T, column: string) => string | number;
  readonly initialSort?: Sort;
  /** The rows "… all" cleans up (all of them unless said otherwise). */
  readonly cleanable?: (rows: readonly T[]) => readonly T[];
  readonly csv: {
    /** The file name, without the `.csv`. */
    readonly fileName: () => string;
    readonly header: readonly string[];
    readonly cells: (row: T) => readonly unknown[];
  };
}

/** The toolbar's view of a table: the filter, the export, what clean-up would take. */
export interface ReportToolbar<T> {
  readonly filter: Signal<string>;
  readonly shown: Signal<number>;
  readonly total: Signal<number>;
  readonly selected: Signal<number>;
  readonly selectedRows: Signal<readonly T[]>;
  readonly cleanable: Signal<readonly T[]>;
  setFilter(text: string): void;
  exportCsv(): void;
}

/** The select column's view of a table. */
export interface ReportSelection<T> {
  readonly selected: Signal<number>;
  readonly allShownSelected: Signal<boolean>;
  isSelected(row: T): boolean;
  toggle(row: T): void;
  toggleAll(): void;
}

/** The frame's view of a table: how many rows there are, and the page shown. */
export interface ReportPaging {
  readonly total: Signal<number>;
  readonly shown: Signal<number>;
  readonly pageIndex: Signal<number>;
  readonly pageSize: Signal<number>;
  turnPage(event: PageEvent): void;
}

export const PAGE_SIZES = [25, 100, 500];

/**
 * One report table's state as signals: rows sorted, then filtered, then paged; a selection that
 * survives filtering and paging; the CSV of the rows matching the filter, in the order shown.
 *
 * Sized for scans of 100,000 rows: rows are sorted once per sort (keys computed once per row), a
 * keystroke only filters the sorted rows against texts lower-cased once, and selecting every
 * matching row is one pass over them. Create it in an injection context (a field initializer).
 */
export class ReportTable<T> implements ReportToolbar<T>, ReportPaging, ReportSelection<T> {
  private readonly document = inject(DOCUMENT);
  readonly filter = signal('');
  readonly sort: Signal<Sort>;
  private readonly sortState: WritableSignal<Sort>;
  private readonly pageState = signal({ index: 0, size: PAGE_SIZES[0]! });
  /** Cleared whenever a new scan's rows arrive. */
  private readonly picked: WritableSignal<ReadonlySet<T>>;

  /** Where each row goes in the current sort (null: as scanned); computed once per sort. */
  private readonly order = computed(() => sortOrder(this.options.rows(), this.sort(), this.options.sortValue));
  private readonly ordered = computed(() => inOrder(this.options.rows(), this.order()));
  /**
   * The rows' filter texts, lower-cased once (on the first filter), then lined up with the sorted
   * rows: a keystroke reads them by position, which is several times faster than a lookup by row.
   */
  private readonly texts = computed(() => this.options.rows().map((row) => this.options.text(row).toLowerCase()));
  private readonly orderedTexts = computed(() => inOrder(this.texts(), this.order()));
  /** The rows matching the filter, in the order shown, on every page. */
  readonly matching = computed(() => {
    const needle = this.filter().trim().toLowerCase();
    const rows = this.ordered();
    if (!needle) return rows;
    const texts = this.orderedTexts();
    const matching: T[] = [];
    for (let i = 0; i < rows.length; i++) if (texts[i]!.includes(needle)) matching.push(rows[i]!);
    return matching;
  });
  readonly shown = computed(() => this.matching().length);
  readonly total = computed(() => this.options.rows().length);
  readonly cleanable = computed(() => this.options.cleanable?.(this.options.rows()) ?? this.options.rows());

  /** The page shown, moved back when the filter leaves fewer pages (as the paginator does). */
  readonly pageIndex = computed(() => {
    const { index, size } = this.pageState();
    return Math.min(index, Math.max(0, Math.ceil(this.shown() / size) - 1));
  });
  readonly pageSize = computed(() => this.pageState().size);
  readonly page = computed(() => {
    const start = this.pageIndex() * this.pageSize();
    return this.matching().slice(start, start + this.pageSize());
  });

  readonly selected = computed(() => this.picked().size);
  readonly allShownSelected = computed(() => {
    const picked = this.picked();
    const rows = this.matching();
    return rows.length > 0 && picked.size >= rows.length && rows.every((row) => picked.has(row));
  });
  /** The selected rows, in the order of the scan. */
  readonly selectedRows = computed(() => {
    const picked = this.picked();
    return picked.size ? this.options.rows().filter((row) => picked.has(row)) : [];
  });

  constructor(private readonly options: ReportTableOptions<T>) {
    this.sortState = signal<Sort>(options.initialSort ?? { active: '', direction: '' });
    this.sort = this.sortState.asReadonly();
    this.picked = linkedSignal<readonly T[], ReadonlySet<T>>({
      source: options.rows,
      computation: () => new Set<T>(),
    });
  }

  setFilter(text: string): void {
    this.filter.set(text);
  }

  sortBy(sort: Sort): void {
    this.sortState.set({ active: sort.active, direction: sort.direction });
  }

  turnPage(event: PageEvent): void {
    this.pageState.set({ index: event.pageIndex, size: event.pageSize });
  }

  isSelected(row: T): boolean {
    return this.picked().has(row);
  }

  toggle(row: T): void {
    this.picked.update((picked) => {
      const next = new Set(picked);
      if (!next.delete(row)) next.add(row);
      return next;
    });
  }

  /** Selects every row matching the filter (on every page), or, when they all are, none. */
  toggleAll(): void {
    if (this.allShownSelected()) this.picked.set(new Set());
    else
      this.picked.update((picked) => {
        const next = new Set(picked);
        for (const row of this.matching()) next.add(row);
        return next;
      });
  }

  /** Offers the rows matching the filter, in the order shown, as a CSV download. */
  exportCsv(): void {
    const { fileName, header, cells } = this.options.csv;
    downloadCsv(this.document, `${fileName()}.csv`, toCsv(header, this.matching().map(cells)));
  }
}

/** `2026-01-01T120000`: a scan's time as it goes into an export's file name. */
export function fileStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '');
}

/**
 * The positions of the rows in a column's order, each key computed once, or null when unsorted.
 * Numbers sort as numbers, strings by code unit; a number against a string compares as text (as
 * MatTableDataSource does). Ties keep the scan's order.
 */
export function sortOrder<T>(
  rows: readonly T[],
  sort: Sort,
  value: (row: T, column: string) => string | number,
): number[] | null {
  if (!sort.active || sort.direction === '') return null;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, at) => ({ at, key: value(row, sort.active) }));
  keyed.sort((a, b) => sign * compare(a.key, b.key));
  return keyed.map((k) => k.at);
}

/** The rows in a column's order (see sortOrder). */
export function sortRows<T>(
  rows: readonly T[],
  sort: Sort,
  value: (row: T, column: string) => string | number,
): readonly T[] {
  return inOrder(rows, sortOrder(rows, sort, value));
}

function inOrder<T>(items: readonly T[], order: readonly number[] | null): readonly T[] {
  return order ? order.map((at) => items[at]!) : items;
}

function compare(a: string | number, b: string | number): number {
  if (typeof a !== typeof b) [a, b] = [String(a), String(b)];
  return a > b ? 1 : a < b ? -1 : 0;
}
