import { signal } from '@angular/core';
import { Subject } from 'rxjs';
import { type LiveRecords, RecordListState, type RecordNouns } from '../record-list-state';

export interface TestRecord {
  readonly id: string;
  readonly name: string;
}

export const SONG_NOUNS: RecordNouns = { one: 'song', many: 'songs' };

/**
 * A real list state over a list the test publishes, for the shared parts' specs. Call it in a
 * component's field initializer (it injects).
 */
export function testList() {
  let lists = new Subject<LiveRecords<TestRecord>>();
  const editable = signal(true);
  const state = new RecordListState<TestRecord, 'name'>({
    load: () => lists,
    order: (records) => {
      const rows = [...records].sort((a, b) => a.name.localeCompare(b.name));
      return { rows, match: (search) => rows.filter((r) => r.name.toLowerCase().includes(search.toLowerCase())) };
    },
    defaultSort: 'name',
    columns: { wide: ['name'], narrow: ['name'] },
    editable: () => editable(),
  });
  const publish = (names: readonly string[], synced = true, searched?: 'server' | 'loaded') =>
    lists.next({ items: names.map((name) => ({ id: name, name })), synced, ...(searched ? { searched } : {}) });
  /** Fails the load; a retry subscribes to a new list. */
  const fail = (error: unknown) => {
    const failed = lists;
    lists = new Subject();
    failed.error(error);
  };
  return { state, editable, publish, fail };
}
