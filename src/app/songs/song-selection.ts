import { type Signal, computed, signal } from '@angular/core';
import type { Song } from './song';

/**
 * The songs ticked in the table, by id, across pages and searches: single rows, a shift-click
 * range (in the order shown), the whole page, or every song matching the search. Songs deleted
 * meanwhile drop out of the count on their own.
 */
export class SongSelection {
  private readonly ids = signal<ReadonlySet<string>>(new Set());
  /** The row last ticked or unticked: one end of a shift-click range. */
  private anchor: string | null = null;

  constructor(
    /** Every song, in the table's order. */
    private readonly all: Signal<readonly Song[]>,
    /** The songs matching the search, in the table's order. */
    private readonly matching: Signal<readonly Song[]>,
  ) {}

  /** The selected songs that still exist, in the table's order. */
  readonly songs = computed(() => {
    const ids = this.ids();
    return ids.size ? this.all().filter((s) => ids.has(s.id)) : [];
  });
  readonly count = computed(() => this.songs().length);

  has(song: Song): boolean {
    return this.ids().has(song.id);
  }

  /** Ticks or unticks one row; with `range`, every row from the last one touched to this one. */
  set(song: Song, checked: boolean, range = false): void {
    let targets = [song.id];
    if (range && this.anchor !== null) {
      const order = this.matching().map((s) => s.id);
      const from = order.indexOf(this.anchor);
      const to = order.indexOf(song.id);
      if (from >= 0 && to >= 0) targets = order.slice(Math.min(from, to), Math.max(from, to) + 1);
    }
    this.anchor = song.id;
    this.apply(targets, checked);
  }

  /** 'all', 'some' or 'none' of these rows are selected (for the header checkbox). */
  stateOf(rows: readonly Song[]): 'all' | 'some' | 'none' {
    const ids = this.ids();
    const n = rows.filter((s) => ids.has(s.id)).length;
    return n === 0 ? 'none' : n === rows.length ? 'all' : 'some';
  }

  setRows(rows: readonly Song[], checked: boolean): void {
    this.apply(
      rows.map((s) => s.id),
      checked,
    );
  }

  /** Every song matching the search, not only the page shown. */
  selectMatching(): void {
    this.setRows(this.matching(), true);
  }

  clear(): void {
    this.ids.set(new Set());
    this.anchor = null;
  }

  private apply(ids: readonly string[], checked: boolean): void {
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
