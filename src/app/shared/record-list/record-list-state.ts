import { BreakpointObserver } from '@angular/cdk/layout';
import {
  type Signal,
  type WritableSignal,
  computed,
  effect,
  inject,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { PageEvent } from '@angular/material/paginator';
import type { Sort } from '@angular/material/sort';
import {
  BehaviorSubject,
  type Observable,
  catchError,
  distinctUntilChanged,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';
import { messageOf } from '../../core/notify/notifier';
import type { FileOwner } from '../../attachments/file-states';
import { RowSelection } from '../../jobs/row-selection';
import type { ListQuery } from './record-pager';
import { assignSlots } from './row-slots';

/**
 * A live list as the services give it: the records loaded, `synced` once every record is in (a
 * paged list: the server has no more pages).
 */
export interface LiveRecords<T> {
  readonly items: readonly T[];
  readonly synced: boolean;
  /** A paged list: a page is on its way (absent: loading whenever not synced). */
  readonly loading?: boolean;
  /** A paged list stopped at its cap of loaded rows with more on the server. */
  readonly capped?: boolean;
  /** Where the search was applied: by the server's filter, or among the loaded records (absent: the latter). */
  readonly searched?: 'server' | 'loaded';
}

export interface ListSort<K extends string> {
  key: K;
  direction: 'asc' | 'desc';
}

/** The records in the table's order, and how to narrow them to a search in that order. */
export interface OrderedRecords<T> {
  readonly rows: readonly T[];
  match(search: string): readonly T[];
}

export interface RecordListOptions<T, K extends string> {
  /**
   * The live list; subscribed again on retry. A paged list reads the search and how many rows the
   * table wants (the page shown and the next) from `query`; a list of every record ignores it.
   */
  load(query: ListQuery): Observable<LiveRecords<T>>;
  /**
   * Called when the list or the sort changes, never per keystroke: sorting 10,000 records (and
   * folding their search text) is the slow part, so `match` should only compare.
   */
  order(records: readonly T[], sort: ListSort<K>): OrderedRecords<T>;
  /** The column the table opens sorted by, ascending, and falls back to when a sort is cleared. */
  defaultSort: K;
  /** The table's columns on a wide and on a narrow screen, without `select` and `actions`. */
  columns: { wide: readonly string[]; narrow: readonly string[] };
  /** Whether the user may change records: adds the `select` and `actions` columns. */
  editable(): boolean;
  /** Storage paths a record shows, asked about for the rows on screen only (again when `updatedAt` changes). */
  filesOf?(record: T): readonly string[];
}

type ListState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; list: LiveRecords<T> };

/** What the shared list parts (header, search, states, bulk bar) read and call. */
export interface RecordListView {
  readonly status: Signal<'loading' | 'error' | 'ready'>;
  readonly errorMessage: Signal<string>;
  readonly synced: Signal<boolean>;
  /** Whether a page is being read (a progress bar shows). */
  readonly loadingMore: Signal<boolean>;
  /** What the table's order and search cover when not every record is loaded; empty when they cover all. */
  readonly notice: Signal<string>;
  readonly total: Signal<number>;
  readonly matchCount: Signal<number>;
  readonly search: Signal<string>;
  readonly pageIndex: Signal<number>;
  readonly pageSize: Signal<number>;
  readonly editable: Signal<boolean>;
  readonly selection: { readonly count: Signal<number>; selectMatching(): void; clear(): void };
  /** The server holds records not loaded that the search (applied there, or none) may match. */
  readonly beyondLoaded: Signal<boolean>;
  /** "Every record matching on the server" is chosen (see selectAllOnServer). */
  readonly allOnServer: Signal<boolean>;
  selectAllOnServer(): void;
  setSearch(text: string): void;
  showPage(event: PageEvent): void;
  retry(): void;
}

/**
 * The view state of a live, searchable, sortable, paginated and selectable records table (Songs,
 * Albums). Create it in a component's field initializer: it injects, and it follows the list for
 * the component's life.
 */
export class RecordListState<
  T extends { readonly id: string; readonly updatedAt?: string },
  K extends string,
> implements RecordListView {
  private readonly reload$ = new BehaviorSubject<void>(undefined);
  private readonly state: Signal<ListState<T>>;

  private readonly searchText = signal('');
  readonly search = this.searchText.asReadonly();
  private readonly sortState: WritableSignal<ListSort<K>>;
  readonly sort: Signal<ListSort<K>>;
  private readonly index = signal(0);
  readonly pageSize = signal(25);

  readonly status = computed(() => this.state().status);
  readonly all = computed(() => {
    const s = this.state();
    return s.status === 'ready' ? s.list.items : [];
  });
  readonly total = computed(() => this.all().length);
  readonly errorMessage = computed(() => {
    const s = this.state();
    return s.status === 'error' ? s.message : '';
  });
  readonly synced = computed(() => {
    const s = this.state();
    return s.status === 'ready' && s.list.synced;
  });
  readonly loadingMore = computed(() => {
    const s = this.state();
    return s.status === 'ready' && !s.list.synced && (s.list.loading ?? true);
  });
  readonly notice = computed(() => {
    const s = this.state();
    if (s.status !== 'ready') return '';
    const n = s.list.items.length.toLocaleString('en');
    const parts: string[] = [];
    if (this.search())
      parts.push(s.list.searched === 'server' ? 'Searched on the server' : `Searched among the ${n} loaded`);
    if (!s.list.synced) parts.push(`Sorted among the ${n} loaded`);
    if (s.list.capped) parts.push(`only the first ${n} are loaded: search to narrow`);
    return parts.join(' · ');
  });
  private readonly ordered = computed(() => this.options.order(this.all(), this.sort()));
  readonly matching = computed(() => this.ordered().match(this.search()));
  readonly matchCount = computed(() => this.matching().length);
  /** The page shown, clamped when live updates or a search shrink the list. */
  readonly page = computed(() => {
    const size = this.pageSize();
    const last = Math.max(0, Math.ceil(this.matchCount() / size) - 1);
    const index = Math.min(this.index(), last);
    return { index, rows: this.matching().slice(index * size, (index + 1) * size) };
  });
  readonly pageIndex = computed(() => this.page().index);
  /** The table row each record on the page is drawn in (see assignSlots). */
  private readonly slots = linkedSignal<readonly T[], ReadonlyMap<string, number>>({
    source: () => this.page().rows,
    computation: (rows, previous) =>
      assignSlots(
        previous?.value ?? new Map(),
        rows.map((r) => r.id),
      ),
  });
  /** Ticked rows, named and run in the table's order (the search aside). */
  readonly selection: RowSelection<T>;
  readonly beyondLoaded = computed(() => {
    const s = this.state();
    return s.status === 'ready' && !s.list.synced && (!this.search().trim() || s.list.searched === 'server');
  });
  /** The search and the selection's untick count when every match on the server was chosen. */
  private readonly serverChoice = signal<{ search: string; removals: number } | null>(null);
  /**
   * Every record matching the search on the server is chosen, not only the loaded: while the
   * search is the one it was chosen for and nothing was unticked since. Rows loaded meanwhile
   * show ticked.
   */
  readonly allOnServer = computed(() => {
    const choice = this.serverChoice();
    return (
      !!choice &&
      this.beyondLoaded() &&
      choice.search === this.search().trim() &&
      choice.removals === this.selection.removals()
    );
  });
  /** 'all', 'some' or 'none' of the rows on this page are ticked (the header checkbox). */
  readonly pageSelection = computed(() => this.selection.stateOf(this.page().rows));
  /** The rows on screen that show files, with their versions; a new array only when they change. */
  readonly visibleFiles = computed(
    () =>
      this.page().rows.flatMap((r): FileOwner[] => {
        const paths = this.options.filesOf?.(r) ?? [];
        return paths.length ? [{ id: r.id, version: r.updatedAt ?? '', paths }] : [];
      }),
    { equal: sameOwners },
  );

  readonly editable = computed(() => this.options.editable());
  readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 719.98px)')
      .pipe(map((s) => s.matches)),
    { initialValue: false },
  );
  readonly columns = computed(() => {
    const base = this.narrow() ? this.options.columns.narrow : this.options.columns.wide;
    return this.editable() ? ['select', ...base, 'actions'] : [...base];
  });

  /**
   * Whether Shift was held when a row's checkbox was last pressed: its change event follows, and
   * the checkbox keeps its click events to itself.
   */
  private shiftPress = false;

  /** Rows the table wants loaded: the page shown and the next one (a paged list reads ahead by a page). */
  private readonly wanted$ = new BehaviorSubject(50);
  private readonly search$ = new BehaviorSubject('');

  constructor(private readonly options: RecordListOptions<T, K>) {
    this.sortState = signal<ListSort<K>>({ key: options.defaultSort, direction: 'asc' });
    this.sort = this.sortState.asReadonly();
    const query: ListQuery = {
      search: this.search$.asObservable(),
      wanted: this.wanted$.pipe(distinctUntilChanged()),
    };
    this.state = toSignal(
      this.reload$.pipe(
        switchMap(() =>
          options.load(query).pipe(
            map((list): ListState<T> => ({ status: 'ready', list })),
            catchError((err: unknown) => of<ListState<T>>({ status: 'error', message: messageOf(err) })),
            startWith<ListState<T>>({ status: 'loading' }),
          ),
        ),
      ),
      { requireSync: true },
    );
    this.selection = new RowSelection<T>(
      computed(() => this.ordered().rows),
      this.matching,
    );
    effect(() => {
      this.matching();
      if (this.allOnServer()) untracked(() => this.selection.selectMatching());
    });
  }

  /** Chooses every record matching the search on the server, for a bulk action that reads them page by page. */
  selectAllOnServer(): void {
    this.selection.selectMatching();
    this.serverChoice.set({ search: this.search().trim(), removals: this.selection.removals() });
  }

  setSearch(text: string): void {
    this.searchText.set(text);
    this.search$.next(text);
    this.showIndex(0);
  }

  private showIndex(index: number): void {
    this.index.set(index);
    this.wanted$.next((index + 2) * this.pageSize());
  }

  /** From the table's sort header; a cleared sort goes back to the default column. */
  sortBy(sort: Sort): void {
    const key = (sort.direction ? sort.active : this.options.defaultSort) as K;
    this.sortState.set({ key, direction: sort.direction || 'asc' });
    this.showIndex(0);
  }

  showPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.showIndex(event.pageIndex);
  }

  /** Bind to a row checkbox's mousedown and keydown. */
  press(event: MouseEvent | KeyboardEvent): void {
    this.shiftPress = event.shiftKey;
  }

  /** Bind to a row checkbox's change: with Shift held, the range from the row last touched. */
  tick(row: T, checked: boolean): void {
    this.selection.set(row, checked, this.shiftPress);
    this.shiftPress = false;
  }

  retry(): void {
    this.reload$.next();
  }

  /**
   * The table's trackBy: a record's row, so a page turn refills the rows already drawn (a record
   * that stays on screen keeps its own); the id for a record not on the page.
   */
  readonly trackRow = (_: number, row: T): number | string => this.slots().get(row.id) ?? row.id;
}

function sameOwners(a: readonly FileOwner[], b: readonly FileOwner[]): boolean {
  return (
    a.length === b.length &&
    a.every((o, i) => {
      const other = b[i]!;
      return (
        o.id === other.id &&
        o.version === other.version &&
        o.paths.length === other.paths.length &&
        o.paths.every((p, j) => p === other.paths[j])
      );
    })
  );
}

/** A record's name in the list's texts: “1 song”, “Loading songs…”, “New song”. */
export interface RecordNouns {
  readonly one: string;
  readonly many: string;
}
