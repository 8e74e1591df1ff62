import { BreakpointObserver, type BreakpointState } from '@angular/cdk/layout';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { AttachmentError } from '../../attachments/attachment-error';
import { type LiveRecords, type ListSort, RecordListState } from './record-list-state';

interface Item {
  readonly id: string;
  readonly name: string;
  readonly files: readonly string[];
}

const item = (name: string, files: readonly string[] = []): Item => ({ id: `id-${name}`, name, files });
const names = (items: readonly Item[]) => items.map((i) => i.name);

describe('RecordListState', () => {
  let lists: Subject<LiveRecords<Item>>;
  let subscriptions: number;
  let orderCalls: number;
  let editable: ReturnType<typeof signal<boolean>>;
  let narrow: BehaviorSubject<BreakpointState>;

  function create(): RecordListState<Item, 'name' | 'files'> {
    lists = new Subject();
    subscriptions = 0;
    orderCalls = 0;
    editable = signal(true);
    narrow = new BehaviorSubject<BreakpointState>({ matches: false, breakpoints: {} });
    TestBed.configureTestingModule({
      providers: [{ provide: BreakpointObserver, useValue: { observe: () => narrow } }],
    });
    return TestBed.runInInjectionContext(
      () =>
        new RecordListState<Item, 'name' | 'files'>({
          load: () =>
            new Observable<LiveRecords<Item>>((subscriber) => {
              subscriptions++;
              return lists.subscribe(subscriber);
            }),
          order: (items, sort: ListSort<'name' | 'files'>) => {
            orderCalls++;
            const sign = sort.direction === 'asc' ? 1 : -1;
            const key = (i: Item) => (sort.key === 'name' ? i.name : String(i.files.length));
            const rows = [...items].sort((a, b) => sign * key(a).localeCompare(key(b)));
            return { rows, match: (search) => rows.filter((r) => r.name.includes(search)) };
          },
          defaultSort: 'name',
          columns: { wide: ['name', 'files', 'updatedAt'], narrow: ['name'] },
          editable: () => editable(),
          filesOf: (i) => i.files,
        }),
    );
  }

  it('loads, says why it could not, and subscribes again on retry', () => {
    const list = create();
    expect(list.status()).toBe('loading');
    lists.error(new AttachmentError('unavailable', 'The backend cannot be reached.'));
    expect(list.status()).toBe('error');
    expect(list.errorMessage()).toBe('The backend cannot be reached.');

    lists = new Subject();
    list.retry();
    expect(list.status()).toBe('loading');
    expect(subscriptions).toBe(2);
    lists.next({ items: [item('b'), item('a')], synced: false });
    expect(list.status()).toBe('ready');
    expect(list.synced()).toBeFalse();
    expect(names(list.matching())).toEqual(['a', 'b']);
    lists.next({ items: [item('b'), item('a')], synced: true });
    expect(list.synced()).toBeTrue();
    expect(list.total()).toBe(2);
  });

  it('orders once per list or sort, not per keystroke; a cleared sort falls back to the default', () => {
    const list = create();
    lists.next({ items: [item('ab', ['x', 'y']), item('b'), item('ac', ['z'])], synced: true });
    expect(names(list.matching())).toEqual(['ab', 'ac', 'b']);
    const calls = orderCalls;
    list.setSearch('a');
    expect(names(list.matching())).toEqual(['ab', 'ac']);
    list.setSearch('ac');
    expect(list.matchCount()).toBe(1);
    expect(orderCalls).toBe(calls);

    list.setSearch('');
    list.sortBy({ active: 'files', direction: 'desc' });
    expect(names(list.matching())).toEqual(['ab', 'ac', 'b']);
    expect(list.sort()).toEqual({ key: 'files', direction: 'desc' });
    list.sortBy({ active: 'files', direction: '' });
    expect(list.sort()).toEqual({ key: 'name', direction: 'asc' });
  });

  it('pages, back to the first page on a new search, and clamps when the list shrinks', () => {
    const list = create();
    const many = Array.from({ length: 30 }, (_, i) => item(`r${String(i).padStart(2, '0')}`));
    lists.next({ items: many, synced: true });
    list.showPage({ pageIndex: 2, pageSize: 10, length: 30 });
    expect(list.pageIndex()).toBe(2);
    expect(names(list.page().rows)).toEqual(many.slice(20).map((i) => i.name));

    lists.next({ items: many.slice(0, 12), synced: true });
    expect(list.pageIndex()).toBe(1);
    expect(names(list.page().rows)).toEqual(['r10', 'r11']);

    list.setSearch('r0');
    expect(list.pageIndex()).toBe(0);
    expect(list.matchCount()).toBe(10);
  });

  it('ticks a shift-click range in the order shown, and the page checkbox state follows', () => {
    const list = create();
    const rows = ['a', 'b', 'c', 'd'].map((n) => item(n));
    lists.next({ items: rows, synced: true });
    list.press(new MouseEvent('mousedown'));
    list.tick(rows[0]!, true);
    list.press(new MouseEvent('mousedown', { shiftKey: true }));
    list.tick(rows[2]!, true);
    expect(names(list.selection.rows())).toEqual(['a', 'b', 'c']);
    expect(list.pageSelection()).toBe('some');
    // The Shift of the last press does not stick to the next tick.
    list.tick(rows[3]!, true);
    list.press(new KeyboardEvent('keydown'));
    list.tick(rows[1]!, false);
    expect(names(list.selection.rows())).toEqual(['a', 'c', 'd']);
    list.selection.selectMatching();
    expect(list.pageSelection()).toBe('all');
  });

  it('follows the files of the rows on screen only, with a new array only when they change', () => {
    const list = create();
    const many = Array.from({ length: 12 }, (_, i) => item(`r${String(i).padStart(2, '0')}`, [`f${i}`]));
    lists.next({ items: many, synced: true });
    list.showPage({ pageIndex: 1, pageSize: 10, length: 12 });
    const files = list.visibleFiles();
    expect(files).toEqual([
      { id: 'id-r10', version: '', paths: ['f10'] },
      { id: 'id-r11', version: '', paths: ['f11'] },
    ]);
    lists.next({ items: many.map((i) => ({ ...i })), synced: true });
    expect(list.visibleFiles()).toBe(files);
  });

  it('adds the select and actions columns for editors, and drops columns on a narrow screen', () => {
    const list = create();
    expect(list.columns()).toEqual(['select', 'name', 'files', 'updatedAt', 'actions']);
    editable.set(false);
    expect(list.columns()).toEqual(['name', 'files', 'updatedAt']);
    narrow.next({ matches: true, breakpoints: {} });
    expect(list.columns()).toEqual(['name']);
  });

  it('tracks the rows drawn: the next page refills them, a record that stays on screen keeps its own', () => {
    const list = create();
    const many = Array.from({ length: 6 }, (_, i) => item(`r${i}`));
    lists.next({ items: many, synced: true });
    list.showPage({ pageIndex: 0, pageSize: 3, length: 6 });
    const rowsOf = () => list.page().rows.map((r, i) => list.trackRow(i, r));
    expect(rowsOf()).toEqual([0, 1, 2]);
    list.showPage({ pageIndex: 1, pageSize: 3, length: 6 });
    expect(names(list.page().rows)).toEqual(['r3', 'r4', 'r5']);
    expect(rowsOf()).toEqual([0, 1, 2]);
    // r3 is deleted: r4 and r5 stay on screen, in their rows.
    lists.next({ items: many.filter((i) => i.name !== 'r3'), synced: true });
    expect(names(list.page().rows)).toEqual(['r4', 'r5']);
    expect(rowsOf()).toEqual([1, 2]);
    expect(list.trackRow(0, item('elsewhere'))).toBe('id-elsewhere');
  });
});
