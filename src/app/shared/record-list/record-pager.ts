import { Observable, type Subscription, distinctUntilChanged, map, of, switchMap, timer } from 'rxjs';
import type { LiveRecords } from './record-list-state';

/** A Data filter as AppSync takes it (`ModelSongFilterInput`): `{ name: { contains: 'x' } }`, `and`, `or`. */
export type ListFilter = Readonly<Record<string, unknown>>;

/** One list call: `limit` records read on the server (then filtered, as DynamoDB does), from `nextToken`. */
export interface PageRequest {
  readonly limit: number;
  readonly nextToken: string | null;
  readonly filter?: ListFilter;
}

export interface RecordPage<T> {
  readonly items: readonly T[];
  /** null: the server has read every record. */
  readonly nextToken: string | null;
}

/** A realtime change (onCreate / onUpdate / onDelete) with the record as written. */
export interface RecordChange<T> {
  readonly type: 'create' | 'update' | 'delete';
  readonly record: T;
}

/** What the pager needs of a model's Data operations: its paged list and its subscriptions. */
export interface PageSource<T> {
  list(request: PageRequest): Promise<RecordPage<T>>;
  changes(): Observable<RecordChange<T>>;
}

/** What a table asks of its list: the search text, and how many rows it wants loaded (grows as the user pages on). */
export interface ListQuery {
  readonly search: Observable<string>;
  readonly wanted: Observable<number>;
}

export interface PagerOptions {
  /** Single-string fields the server may search with `contains`; none: search among the loaded. */
  readonly searchFields: readonly string[];
  /** Loaded rows kept at most (the browser's memory bound); loading stops there. */
  readonly cap?: number;
  /** Records read per list call without a search (a first page answers fast). */
  readonly pageLimit?: number;
  /** Records read per list call with a search: DynamoDB reads, then filters, so a rare match needs long reads. */
  readonly searchLimit?: number;
  /** Quiet time after a keystroke before the server is asked. */
  readonly searchDelayMs?: number;
}

export const LOADED_CAP = 10_000;

/**
 * A table's records from the server a page at a time: as many as the table wants (the page shown
 * and the next), at most `cap`. A search becomes a `contains` filter on the server when the
 * model has string fields to search (a new paging from the start per search); otherwise the
 * table searches what is loaded. Realtime changes keep the loaded records current: a created
 * record joins them (the table's sort places it), a deleted one leaves. Emits whenever the loaded
 * set changes; `synced` once the server has nothing more.
 */
export function pagedRecords<T extends { readonly id: string; readonly updatedAt?: string }>(
  source: PageSource<T>,
  query: ListQuery,
  options: PagerOptions,
): Observable<LiveRecords<T>> {
  const delay = options.searchDelayMs ?? 250;
  return query.search.pipe(
    map((text) => text.trim()),
    distinctUntilChanged(),
    switchMap((text, i) => (i === 0 || !text ? of(text) : timer(delay).pipe(map(() => text)))),
    switchMap((text) => loadPages(source, text, query.wanted, options)),
  );
}

function loadPages<T extends { readonly id: string; readonly updatedAt?: string }>(
  source: PageSource<T>,
  search: string,
  wanted$: Observable<number>,
  options: PagerOptions,
): Observable<LiveRecords<T>> {
  return new Observable<LiveRecords<T>>((subscriber) => {
    const cap = options.cap ?? LOADED_CAP;
    const filter = searchFilter(options.searchFields, search);
    const words = wordsOf(search);
    const limit = filter ? (options.searchLimit ?? 1000) : (options.pageLimit ?? 100);
    const rows = new Map<string, T>();
    /** Deleted while pages were on their way: a page read before the delete must not bring them back. */
    const gone = new Set<string>();
    let nextToken: string | null = null;
    let read = false;
    let loading = false;
    let wanted = 0;
    let closed = false;
    const subs: Subscription[] = [];

    const emit = () => {
      if (!read) return;
      const synced = nextToken === null;
      subscriber.next({
        items: [...rows.values()],
        synced,
        loading,
        capped: !synced && rows.size >= cap,
        searched: filter ? 'server' : 'loaded',
      });
    };
    const keep = (record: T) => {
      const had = rows.get(record.id);
      if (had && (had.updatedAt ?? '') > (record.updatedAt ?? '')) return;
      rows.set(record.id, record);
    };
    const pump = async () => {
      if (loading) return;
      loading = true;
      try {
        while (!closed && (!read || (nextToken !== null && rows.size < Math.min(wanted, cap)))) {
          emit();
          const page = await source.list({ limit, nextToken, ...(filter ? { filter } : {}) });
          if (closed) return;
          for (const record of page.items) if (!gone.has(record.id)) keep(record);
          nextToken = page.nextToken;
          read = true;
        }
        loading = false;
        emit();
      } catch (err) {
        loading = false;
        if (!closed) subscriber.error(err);
      }
    };

    // Changes first, so nothing written while the first page is on its way is missed.
    subs.push(
      source.changes().subscribe({
        next: ({ type, record }) => {
          if (type === 'delete') {
            gone.add(record.id);
            rows.delete(record.id);
          } else if (!filter || containsWords(record, options.searchFields, words)) {
            gone.delete(record.id);
            keep(record);
          } else {
            rows.delete(record.id);
          }
          emit();
        },
        error: (err: unknown) => subscriber.error(err),
      }),
    );
    subs.push(
      wanted$.subscribe((n) => {
        wanted = n;
        void pump();
      }),
    );
    void pump();
    return () => {
      closed = true;
      subs.forEach((s) => s.unsubscribe());
    };
  });
}

function wordsOf(search: string): string[] {
  return search.trim().split(/\s+/).filter(Boolean);
}

/**
 * The server filter for a search: every word in one of the fields. DynamoDB's `contains` is
 * case-sensitive, so each word is asked as typed, in lower case, capitalized and in upper case.
 */
export function searchFilter(fields: readonly string[], search: string): ListFilter | undefined {
  const words = wordsOf(search);
  if (words.length === 0 || fields.length === 0) return undefined;
  const perWord = words.map((word) => ({
    or: fields.flatMap((field) => caseVariants(word).map((v) => ({ [field]: { contains: v } }))),
  }));
  return perWord.length === 1 ? perWord[0] : { and: perWord };
}

function caseVariants(word: string): string[] {
  const lower = word.toLocaleLowerCase('en');
  const capital = lower.charAt(0).toLocaleUpperCase('en') + lower.slice(1);
  return [...new Set([word, lower, capital, word.toLocaleUpperCase('en')])];
}

/** Whether a record written live belongs to a server search (the same words, any case). */
function containsWords(record: object, fields: readonly string[], words: readonly string[]): boolean {
  const texts = fields.map((f) => (record as Record<string, unknown>)[f]).filter((v) => typeof v === 'string');
  const folded = texts.map((t) => (t as string).toLocaleLowerCase('en'));
  return words.every((w) => folded.some((t) => t.includes(w.toLocaleLowerCase('en'))));
}

/**
 * Every record matching `search` on the server, a page at a time, for a bulk job over more than
 * the table loaded: each call reads on from where the last stopped (the server's token marks a
 * key, so records deleted meanwhile do not shift it) and gives the next non-empty page, or null
 * at the end. Only the current page is held.
 */
export function matchingPages<T>(
  source: Pick<PageSource<T>, 'list'>,
  searchFields: readonly string[],
  search: string,
  limit = 1000,
): () => Promise<readonly T[] | null> {
  const filter = searchFilter(searchFields, search);
  let nextToken: string | null = null;
  let done = false;
  return async () => {
    while (!done) {
      const page = await source.list({ limit, nextToken, ...(filter ? { filter } : {}) });
      nextToken = page.nextToken;
      done = nextToken === null;
      if (page.items.length) return page.items;
    }
    return null;
  };
}
