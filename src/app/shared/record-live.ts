import {
  type Observable,
  EMPTY,
  catchError,
  concat,
  distinctUntilChanged,
  filter,
  map,
  merge,
  of,
  scan,
  switchMap,
} from 'rxjs';
import { messageOf } from '../core/notify/notifier';
import { realtimeReconnects } from './realtime-reconnects';
import type { RecordChange } from './record-list/record-pager';

/** One record as its page shows it; `gone`: it was on screen and has since been deleted. */
export type LiveRecord<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly record: T | null; readonly gone: boolean };

/** What following one record needs of its model: one read, and the model's realtime changes. */
export interface FollowSource<T> {
  get(id: string): Observable<T | null>;
  changes(): Observable<RecordChange<T>>;
}

interface Answer<T> {
  /** 'reconnect': the socket came back and `reread` follows; a change seen in between wins over it. */
  readonly from: 'read' | 'live' | 'reconnect' | 'reread';
  /** undefined: nothing to say yet. */
  readonly record?: T | null;
  readonly error?: string;
}

/**
 * Follows one record through the model's realtime changes (not its whole list: a model may hold
 * 100,000 records), so another operator's change or delete shows without a reload. A single read
 * answers first; once a change of this record has arrived, it alone decides (a slow read never
 * undoes a fresher update). A delete is the backend's word: the record shown is then gone.
 * When the realtime connection comes back after a drop (`reconnects`), the record is read once
 * more, so a change or delete made while it was down shows; a failed re-read keeps what is shown.
 */
export function followRecord<T extends { readonly id: string }>(
  records: FollowSource<T>,
  id: string,
  reconnects: Observable<unknown> = realtimeReconnects(),
): Observable<LiveRecord<T>> {
  const read = records.get(id).pipe(
    map((record): Answer<T> => ({ from: 'read', record })),
    catchError((err: unknown) => of<Answer<T>>({ from: 'read', error: messageOf(err) })),
  );
  const live = records.changes().pipe(
    filter((change) => change.record.id === id),
    map((change): Answer<T> => ({ from: 'live', record: change.type === 'delete' ? null : change.record })),
    catchError((err: unknown) => of<Answer<T>>({ from: 'live', error: messageOf(err) })),
  );
  const reread = reconnects.pipe(
    switchMap(() =>
      concat(
        of<Answer<T>>({ from: 'reconnect' }),
        records.get(id).pipe(
          map((record): Answer<T> => ({ from: 'reread', record })),
          catchError(() => EMPTY),
        ),
      ),
    ),
  );
  return merge(read, live, reread).pipe(
    scan(
      (acc: { settled: boolean; rereading: boolean; view: LiveRecord<T> }, next: Answer<T>) => {
        if (next.from === 'reconnect') return { ...acc, rereading: true };
        if (next.from === 'reread' && !acc.rereading) return acc;
        if (next.from === 'read' && acc.settled) return acc;
        if (next.error !== undefined) return { ...acc, view: { status: 'error', message: next.error } as const };
        if (next.record === undefined) return acc;
        const shown = acc.view.status === 'ready' && (acc.view.record !== null || acc.view.gone);
        const view: LiveRecord<T> = { status: 'ready', record: next.record, gone: next.record === null && shown };
        return { settled: acc.settled || next.from !== 'read', rereading: false, view };
      },
      { settled: false, rereading: false, view: { status: 'loading' } as LiveRecord<T> },
    ),
    map((acc) => acc.view),
    distinctUntilChanged(
      (a, b) =>
        a.status === b.status &&
        (a.status !== 'ready' || b.status !== 'ready' || (a.record === b.record && a.gone === b.gone)) &&
        (a.status !== 'error' || b.status !== 'error' || a.message === b.message),
    ),
  );
}
