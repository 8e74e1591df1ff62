import { type Observable, tap } from 'rxjs';

/** An orphan file belongs to no record: its audit event names none. */
export const NO_RECORD = { model: '', recordId: '', field: '' };

/** An item operation that also tells `report` how each item ended (its last value). */
export function reported<T>(
  operation: (item: T) => Observable<unknown>,
  report: (item: T, result: unknown) => unknown,
): (item: T) => Observable<unknown> {
  return (item) => operation(item).pipe(tap((result) => report(item, result)));
}
