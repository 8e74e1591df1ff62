import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import type { LiveRecords } from './record-list-state';
import {
  type PageRequest,
  type PageSource,
  type RecordChange,
  type RecordPage,
  pagedRecords,
  searchFilter,
} from './record-pager';
import { pageOf } from './testing/fake-pages';

interface Tune {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
}

/** A server of tunes with DynamoDB's list semantics (pageOf), counting its list calls. */
class TuneServer implements PageSource<Tune> {
  readonly rows = new Map<string, Tune>();
  readonly requests: PageRequest[] = [];
  readonly feed = new Subject<RecordChange<Tune>>();
  failNext?: Error;
  /** Holds each answer until released, to change things while a page is on its way. */
  hold?: Promise<void>;

  constructor(count: number, name: (i: number) => string = (i) => `Tune ${i}`) {
    for (let i = 0; i < count; i++) this.put({ id: `t${String(i).padStart(6, '0')}`, name: name(i), updatedAt: 'v1' });
  }

  put(tune: Tune): void {
    this.rows.set(tune.id, tune);
  }

  async list(request: PageRequest): Promise<RecordPage<Tune>> {
    this.requests.push(request);
    const answer = pageOf(this.rows.values(), request);
    await this.hold;
    if (this.failNext) throw this.failNext;
    return answer;
  }

  changes() {
    return this.feed;
  }
}

describe('pagedRecords', () => {
  let search: BehaviorSubject<string>;
  let wanted: BehaviorSubject<number>;
  let seen: LiveRecords<Tune>[];
  let failure: unknown;
  let sub: Subscription | undefined;

  const latest = () => seen[seen.length - 1]!;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r));
  };
  const follow = (server: TuneServer, options: { cap?: number; searchFields?: string[] } = {}) => {
    sub = pagedRecords(
      server,
      { search, wanted },
      {
        searchFields: options.searchFields ?? ['name'],
        searchDelayMs: 0,
        ...(options.cap ? { cap: options.cap } : {}),
      },
    ).subscribe({ next: (l) => seen.push(l), error: (e: unknown) => (failure = e) });
  };

  beforeEach(() => {
    search = new BehaviorSubject('');
    wanted = new BehaviorSubject(50);
    seen = [];
    failure = undefined;
  });
  afterEach(() => sub?.unsubscribe());

  it('shows the first rows after one list call of 100, not after the whole table', async () => {
    const server = new TuneServer(5_000);
    follow(server);
    await settle();
    expect(server.requests).toEqual([{ limit: 100, nextToken: null }]);
    expect(latest().items.length).toBe(100);
    expect(latest().synced).toBeFalse();
    expect(latest().loading).toBeFalse();
    expect(latest().searched).toBe('loaded');
  });

  it('reads further pages as the table wants more rows, and is synced when the server has no more', async () => {
    const server = new TuneServer(250);
    follow(server);
    await settle();
    wanted.next(150);
    await settle();
    expect(server.requests.map((r) => r.nextToken)).toEqual([null, 't000099']);
    expect(latest().items.length).toBe(200);
    wanted.next(1_000);
    await settle();
    expect(latest().items.length).toBe(250);
    expect(latest().synced).toBeTrue();
    expect(server.requests.length).toBe(3);
  });

  it('stops loading at its cap and says so', async () => {
    const server = new TuneServer(1_000);
    follow(server, { cap: 300 });
    wanted.next(5_000);
    await settle();
    expect(latest().items.length).toBe(300);
    expect(latest().capped).toBeTrue();
    expect(latest().synced).toBeFalse();
    expect(server.requests.length).toBe(3);
  });

  it('searches on the server with contains in each case a user may have typed, reading long pages until enough match', async () => {
    const names = ['Blue in green', 'So what', 'BLUE monk', 'Freddie', 'a blue train'];
    const server = new TuneServer(3_000, (i) => names[i % names.length]!);
    follow(server);
    await settle();
    search.next(' blue ');
    await settle();
    const request = server.requests[1]!;
    expect(request.limit).toBe(1000);
    expect(request.filter).toEqual(searchFilter(['name'], 'blue'));
    expect(latest().searched).toBe('server');
    expect(latest().items.every((t) => /blue/i.test(t.name))).toBeTrue();
    expect(latest().items.length).toBeGreaterThanOrEqual(50);
    expect(latest().items.length).toBe(600); // 3 of every 5 among the first 1,000 read
    expect(latest().synced).toBeFalse();
  });

  it('asks every word in any of the fields', () => {
    expect(searchFilter(['name', 'path'], 'So what')).toEqual({
      and: [
        {
          or: [
            { name: { contains: 'So' } },
            { name: { contains: 'so' } },
            { name: { contains: 'SO' } },
            { path: { contains: 'So' } },
            { path: { contains: 'so' } },
            { path: { contains: 'SO' } },
          ],
        },
        {
          or: [
            { name: { contains: 'what' } },
            { name: { contains: 'What' } },
            { name: { contains: 'WHAT' } },
            { path: { contains: 'what' } },
            { path: { contains: 'What' } },
            { path: { contains: 'WHAT' } },
          ],
        },
      ],
    });
    expect(searchFilter([], 'x')).toBeUndefined();
    expect(searchFilter(['name'], '   ')).toBeUndefined();
  });

  it('searches among the loaded when the model has no field the server can search', async () => {
    const server = new TuneServer(500);
    follow(server, { searchFields: [] });
    await settle();
    search.next('Tune 1');
    await settle();
    expect(server.requests.every((r) => r.filter === undefined)).toBeTrue();
    expect(latest().searched).toBe('loaded');
  });

  it('keeps what is loaded current: a created record joins, an update replaces, a delete leaves', async () => {
    const server = new TuneServer(300);
    follow(server);
    await settle();
    const first = latest().items[0]!;
    server.feed.next({ type: 'create', record: { id: 'zzz', name: 'New one', updatedAt: 'v1' } });
    server.feed.next({ type: 'update', record: { ...first, name: 'Renamed', updatedAt: 'v2' } });
    server.feed.next({ type: 'delete', record: latest().items[1]! });
    const items = latest().items;
    expect(items.length).toBe(100);
    expect(items.find((t) => t.id === 'zzz')?.name).toBe('New one');
    expect(items.find((t) => t.id === first.id)?.name).toBe('Renamed');
  });

  it('does not bring back a record deleted while its page was on its way, nor an older version over a newer', async () => {
    const server = new TuneServer(300);
    let release!: () => void;
    server.hold = new Promise((r) => (release = r));
    follow(server);
    await settle();
    const [a, b] = [...server.rows.values()];
    server.feed.next({ type: 'delete', record: a! });
    server.feed.next({ type: 'update', record: { ...b!, name: 'Newer', updatedAt: 'v9' } });
    release();
    await settle();
    expect(latest().items.some((t) => t.id === a!.id)).toBeFalse();
    expect(latest().items.find((t) => t.id === b!.id)?.name).toBe('Newer');
  });

  it('under a server search, keeps only live records with the words', async () => {
    const server = new TuneServer(10, () => 'Blue');
    follow(server);
    search.next('blue');
    await settle();
    server.feed.next({ type: 'create', record: { id: 'x1', name: 'Red', updatedAt: 'v1' } });
    server.feed.next({ type: 'create', record: { id: 'x2', name: 'bluer', updatedAt: 'v1' } });
    server.feed.next({ type: 'update', record: { id: 't000000', name: 'Green', updatedAt: 'v2' } });
    const ids = latest().items.map((t) => t.id);
    expect(ids).toContain('x2');
    expect(ids).not.toContain('x1');
    expect(ids).not.toContain('t000000');
  });

  it('fails with the list call’s error', async () => {
    const server = new TuneServer(10);
    server.failNext = new Error('offline');
    follow(server);
    await settle();
    expect((failure as Error).message).toBe('offline');
  });
});
