import { Subject, type Observable, defer, from } from 'rxjs';
import type { RecordChange } from './record-list/record-pager';
import { type LiveRecord, followRecord } from './record-live';

interface Tool {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
}

describe('followRecord', () => {
  const drill: Tool = { id: 'p1', name: 'Drill', updatedAt: 'v1' };
  let changes: Subject<RecordChange<Tool>>;
  let answer: Promise<Tool | null>;
  let seen: LiveRecord<Tool>[];
  let reconnects: Subject<void>;
  let reads: number;

  const follow = () => {
    const records = {
      get: (): Observable<Tool | null> =>
        defer(() => {
          reads++;
          return from(answer);
        }),
      changes: () => changes,
    };
    followRecord(records, 'p1', reconnects).subscribe((v) => seen.push(v));
  };
  const last = () => seen[seen.length - 1]!;
  const tick = () => new Promise((r) => setTimeout(r));

  beforeEach(() => {
    changes = new Subject();
    answer = Promise.resolve(drill);
    seen = [];
    reconnects = new Subject();
    reads = 0;
  });

  it('shows the record read, then another operator’s update of it, and not of others', async () => {
    follow();
    await tick();
    expect(last()).toEqual({ status: 'ready', record: drill, gone: false });
    changes.next({ type: 'update', record: { id: 'p2', name: 'Saw', updatedAt: 'v1' } });
    expect(last()).toEqual({ status: 'ready', record: drill, gone: false });
    const edited = { ...drill, name: 'Drill (edited)', updatedAt: 'v2' };
    changes.next({ type: 'update', record: edited });
    expect(last()).toEqual({ status: 'ready', record: edited, gone: false });
  });

  it('calls the record gone when it is deleted while shown', async () => {
    follow();
    await tick();
    changes.next({ type: 'delete', record: drill });
    expect(last()).toEqual({ status: 'ready', record: null, gone: true });
  });

  it('lets no slow read undo a fresher change', async () => {
    let release!: (r: Tool) => void;
    answer = new Promise((r) => (release = r));
    follow();
    const edited = { ...drill, name: 'Drill (edited)', updatedAt: 'v2' };
    changes.next({ type: 'update', record: edited });
    release(drill);
    await tick();
    expect(last()).toEqual({ status: 'ready', record: edited, gone: false });
  });

  it('says a record that is not there is not there, not gone', async () => {
    answer = Promise.resolve(null);
    follow();
    await tick();
    expect(last()).toEqual({ status: 'ready', record: null, gone: false });
  });

  describe('after the realtime connection comes back', () => {
    it('reads the record again once, so a change made while it was down shows', async () => {
      follow();
      await tick();
      const edited = { ...drill, name: 'Drill (edited offline)', updatedAt: 'v2' };
      answer = Promise.resolve(edited);
      reconnects.next();
      await tick();
      expect(reads).toBe(2);
      expect(last()).toEqual({ status: 'ready', record: edited, gone: false });
    });

    it('calls the record gone when it was deleted while the connection was down', async () => {
      follow();
      await tick();
      answer = Promise.resolve(null);
      reconnects.next();
      await tick();
      expect(last()).toEqual({ status: 'ready', record: null, gone: true });
    });

    it('lets a change that arrives during the re-read win over it', async () => {
      follow();
      await tick();
      let release!: (r: Tool) => void;
      answer = new Promise((r) => (release = r));
      reconnects.next();
      const newest = { ...drill, name: 'Drill (newest)', updatedAt: 'v3' };
      changes.next({ type: 'update', record: newest });
      release({ ...drill, name: 'Drill (older)', updatedAt: 'v2' });
      await tick();
      expect(last()).toEqual({ status: 'ready', record: newest, gone: false });
    });

    it('keeps what is shown when the re-read fails', async () => {
      follow();
      await tick();
      answer = Promise.reject(new Error('Network error'));
      reconnects.next();
      await tick();
      expect(last()).toEqual({ status: 'ready', record: drill, gone: false });
    });
  });
});
