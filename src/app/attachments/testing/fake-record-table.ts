import { ReplaySubject, Subject, type Observable } from 'rxjs';
import type { PageRequest, RecordChange, RecordPage } from '../../shared/record-list/record-pager';
import { pageOf } from '../../shared/record-list/testing/fake-pages';
import { AttachmentError } from '../attachment-error';
import type { StoredRecord } from '../record-file-field';
import type { RecordApi, RecordInput } from '../record-api';

type Op = 'get' | 'create' | 'update' | 'delete' | 'list';

/**
 * An in-memory Data table of any model with DynamoDB's conditional writes: the layer below the
 * record workflows, for unit specs. Every write moves updatedAt; a condition on updatedAt that does
 * not hold, or a missing record, fails as AppSync's ConditionalCheckFailed does ('conflict').
 * `before` runs before an operation (to play another operator); `fail` makes the next call of an
 * operation throw.
 */
export class FakeRecordTable<T extends StoredRecord & { readonly createdAt: string }> implements RecordApi<T> {
  readonly rows = new Map<string, T>();
  readonly calls: { op: Op; input?: unknown; expect?: string }[] = [];
  readonly live = new ReplaySubject<{ items: T[]; synced: boolean }>(1);
  /** How many times the whole list was asked for (observeQuery). */
  observeCalls = 0;
  /** Every write as the realtime subscriptions tell it. */
  readonly feed = new Subject<RecordChange<T>>();
  /** Runs after every write that landed (the component specs publish the live list from it). */
  afterWrite?: () => void;
  before: Partial<Record<Op, () => void>> = {};
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private readonly failures = new Map<Op, { error: AttachmentError; afterWrite?: boolean }[]>();
  private listGate: Promise<void> = Promise.resolve();

  /** List calls wait until the function returned is called (a page on its way: the loading state). */
  holdLists(): () => void {
    let release!: () => void;
    this.listGate = new Promise((r) => (release = r));
    return release;
  }

  /** The next call of `op` throws `error`; with afterWrite, it writes first (an answer that was lost). */
  fail(op: Op, error: AttachmentError, afterWrite = false): void {
    this.failures.set(op, [...(this.failures.get(op) ?? []), { error, afterWrite }]);
  }

  protected stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  /** A stored record with these fields (a new id unless given), as if written earlier. */
  insert(fields: Omit<T, 'id' | 'createdAt' | 'updatedAt'> & { id?: string }): T {
    const at = this.stamp();
    const record = { ...fields, id: fields.id ?? crypto.randomUUID(), createdAt: at, updatedAt: at } as unknown as T;
    this.rows.set(record.id, record);
    this.feed.next({ type: 'create', record });
    return record;
  }

  /** Another operator's unconditional change. */
  replace(id: string, change: Partial<T>): T {
    const record = { ...this.rows.get(id)!, ...change, updatedAt: this.stamp() };
    this.rows.set(id, record);
    this.feed.next({ type: 'update', record });
    return record;
  }

  private async run<R>(op: Op, write: () => R): Promise<R> {
    await Promise.resolve();
    this.before[op]?.();
    const failure = this.failures.get(op)?.shift();
    if (failure && !failure.afterWrite) throw failure.error;
    const result = write();
    if (op !== 'get' && op !== 'list') this.afterWrite?.();
    if (failure) throw failure.error;
    return result;
  }

  observe(): Observable<{ items: T[]; synced: boolean }> {
    this.observeCalls++;
    return this.live;
  }

  /** A page as the Data API gives it (see pageOf). */
  list(request: PageRequest): Promise<RecordPage<T>> {
    this.calls.push({ op: 'list', input: request });
    return this.listGate.then(() => this.run('list', () => pageOf(this.rows.values(), request)));
  }

  changes(): Observable<RecordChange<T>> {
    return this.feed;
  }

  get(id: string): Promise<T | null> {
    this.calls.push({ op: 'get', input: id });
    return this.run('get', () => this.rows.get(id) ?? null);
  }

  create(input: RecordInput): Promise<T> {
    this.calls.push({ op: 'create', input });
    return this.run('create', () => {
      if (this.rows.has(input.id)) throw new AttachmentError('conflict', 'exists');
      return this.insert(copy(input) as Omit<T, 'id' | 'createdAt' | 'updatedAt'> & { id: string });
    });
  }

  update(input: RecordInput, expect?: string): Promise<T> {
    this.calls.push({ op: 'update', input, expect });
    return this.run('update', () => {
      const row = this.rows.get(input.id);
      if (!row || (expect && row.updatedAt !== expect)) throw new AttachmentError('conflict', 'condition failed');
      const next = { ...row, ...copy(input), updatedAt: this.stamp() };
      this.rows.set(row.id, next);
      this.feed.next({ type: 'update', record: next });
      return next;
    });
  }

  delete(id: string, expect: string): Promise<T> {
    this.calls.push({ op: 'delete', input: id, expect });
    return this.run('delete', () => {
      const row = this.rows.get(id);
      if (!row || row.updatedAt !== expect) throw new AttachmentError('conflict', 'condition failed');
      this.rows.delete(id);
      this.feed.next({ type: 'delete', record: row });
      return row;
    });
  }

  writes(): number {
    return this.calls.filter((c) => c.op !== 'get' && c.op !== 'list').length;
  }
}

/** The fields given (undefined ones left out), lists copied: what a write stores. */
function copy(input: RecordInput): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? [...(v as unknown[])] : v]),
  );
}
