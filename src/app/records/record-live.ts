import { type Observable, catchError, defer, distinctUntilChanged, map, merge, of, scan, switchMap } from 'rxjs';
import { messageOf } from '../core/notify/notifier';
import type { ModelRecords } from './model-records';
import type { AnyRecord } from './record-model';

/** One record as its page shows it; `gone`: it was on screen and has since been deleted. */
export type LiveRecord =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly record: AnyRecord | null; readonly gone: boolean };

interface Answer {
  readonly from: 'read' | 'list';
  /** undefined: nothing to say yet. */
  readonly record?: AnyRecord | null;
  readonly error?: string;
}

/**
 * Follows one record through the model's live list, so another operator's change or delete shows
 * without a reload. A single read answers first while the list loads; once the list has answered
 * it alone decides. A synced list without the record is confirmed by a read before the record is
 * called gone (the list may not have heard of a record just created).
 */
export function followRecord(records: Pick<ModelRecords, 'get' | 'list'>, id: string): Observable<LiveRecord> {
  const read = records.get(id).pipe(
    map((record): Answer => ({ from: 'read', record })),
    catchError((err: unknown) => of<Answer>({ from: 'read', error: messageOf(err) })),
  );
  const live = records.list().pipe(
    map((list) => list.items.find((r) => r.id === id) ?? (list.synced ? null : undefined)),
    distinctUntilChanged(),
    switchMap((record) =>
      record === null
        ? defer(() => records.get(id)).pipe(
            map((confirmed): Answer => ({ from: 'list', record: confirmed })),
            catchError(() => of<Answer>({ from: 'list' })),
          )
        : of<Answer>({ from: 'list', record }),
    ),
    catchError((err: unknown) => of<Answer>({ from: 'list', error: messageOf(err) })),
  );
  return merge(read, live).pipe(
    scan(
      (acc: { settled: boolean; view: LiveRecord }, next: Answer) => {
        if (next.from === 'read' && acc.settled) return acc;
        if (next.error !== undefined) return { ...acc, view: { status: 'error', message: next.error } as const };
        if (next.record === undefined) return acc;
        const shown = acc.view.status === 'ready' && (acc.view.record !== null || acc.view.gone);
        const view: LiveRecord = { status: 'ready', record: next.record, gone: next.record === null && shown };
        return { settled: acc.settled || next.from === 'list', view };
      },
      { settled: false, view: { status: 'loading' } as LiveRecord },
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
