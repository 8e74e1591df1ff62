import { Subject } from 'rxjs';
import type { DataModule } from '../shared/model-api';
import { SCAN_RUN_FEED, createAmplifyScanRunApi } from './scan-run-api';
import type { RawScanRun, ScanRun } from './scan-run';

interface Call {
  query: string;
  variables?: Record<string, unknown>;
}

/** A Data client that answers each query with what the spec set, and streams subscriptions the spec feeds. */
class FakeGraphql {
  readonly calls: Call[] = [];
  readonly streams = new Map<string, Subject<unknown>>();
  answer: (call: Call) => unknown = () => ({ data: null });

  graphql(call: Call): unknown {
    this.calls.push(call);
    if (call.query.startsWith('subscription')) {
      const name = /subscription (\w+)/.exec(call.query)![1]!;
      const stream = new Subject<unknown>();
      this.streams.set(name, stream);
      return stream;
    }
    return this.answer(call);
  }

  module(): () => Promise<DataModule> {
    return () => Promise.resolve({ generateClient: () => this } as unknown as DataModule);
  }
}

const raw: RawScanRun = {
  id: 'r1',
  startedAt: '2026-12-05T00:00:00.000Z',
  startedBy: 'schedule',
  status: 'done',
  finishedAt: '2026-12-05T00:01:00.000Z',
  recordsRead: 30,
  objectsListed: null,
  orphans: 2,
  dangling: null,
  shared: 0,
  report: JSON.stringify({ prefix: 'reports/r1/', summaryKey: 'reports/r1/summary.json' }),
  totals: 'not json',
  error: null,
};

describe('createAmplifyScanRunApi', () => {
  let client: FakeGraphql;

  beforeEach(() => (client = new FakeGraphql()));

  it('lists the newest runs of the one feed, with their JSON fields read and missing counts as 0', async () => {
    client.answer = () => Promise.resolve({ data: { listScanRunsByTime: { items: [raw] } } });
    const runs = await createAmplifyScanRunApi(client.module()).latest(30);
    expect(client.calls[0]!.variables).toEqual({ feed: SCAN_RUN_FEED, limit: 30 });
    expect(client.calls[0]!.query).toContain('sortDirection: DESC');
    expect(runs).toEqual([
      jasmine.objectContaining({
        id: 'r1',
        objectsListed: 0,
        dangling: null,
        report: { prefix: 'reports/r1/', summaryKey: 'reports/r1/summary.json' },
        totals: null,
      }),
    ]);
  });

  it("rejects with the backend's messages, whether they come back as errors or thrown", async () => {
    const api = createAmplifyScanRunApi(client.module());
    client.answer = () => Promise.resolve({ data: null, errors: [{ message: 'One' }, { message: 'Two' }] });
    await expectAsync(api.latest(1)).toBeRejectedWithError('One; Two');
    client.answer = () => Promise.reject({ errors: [{ message: 'Not Authorized to access listScanRunsByTime' }] });
    await expectAsync(api.latest(1)).toBeRejectedWithError('Not Authorized to access listScanRunsByTime');
    client.answer = () => Promise.reject(new Error('Network error'));
    await expectAsync(api.latest(1)).toBeRejectedWithError('Network error');
    client.answer = () => Promise.resolve({ data: { listScanRunsByTime: null } });
    await expectAsync(api.latest(1)).toBeRejectedWithError('The backend gave no answer');
  });

  it('starts a run, and says so when the backend did not', async () => {
    const api = createAmplifyScanRunApi(client.module());
    client.answer = () => Promise.resolve({ data: { startOrphanScan: { success: true } } });
    await api.start();
    expect(client.calls[0]!.query).toContain('mutation StartOrphanScan');
    client.answer = () => Promise.resolve({ data: { startOrphanScan: { success: false } } });
    await expectAsync(api.start()).toBeRejectedWithError('The backend did not start the scan');
  });

  it('streams created and updated runs as one, and ends both subscriptions when unsubscribed', async () => {
    const api = createAmplifyScanRunApi(client.module());
    const seen: ScanRun[] = [];
    const errors: unknown[] = [];
    const sub = api.changes().subscribe({ next: (r) => seen.push(r), error: (e) => errors.push(e) });
    for (let i = 0; i < 5 && client.streams.size < 2; i++) await new Promise((r) => setTimeout(r));
    client.streams.get('OnCreateScanRun')!.next({ data: { onCreateScanRun: { ...raw, status: 'running' } } });
    client.streams.get('OnUpdateScanRun')!.next({ data: { onUpdateScanRun: { ...raw, objectsListed: 7 } } });
    client.streams.get('OnUpdateScanRun')!.next({ data: {} });
    expect(seen.map((r) => [r.status, r.objectsListed])).toEqual([
      ['running', 0],
      ['done', 7],
    ]);
    sub.unsubscribe();
    expect([...client.streams.values()].every((s) => !s.observed)).toBeTrue();
    expect(errors).toEqual([]);
  });

  it('fails the stream with the backend message when a subscription fails', async () => {
    const api = createAmplifyScanRunApi(client.module());
    const errors: Error[] = [];
    api.changes().subscribe({ error: (e: Error) => errors.push(e) });
    for (let i = 0; i < 5 && client.streams.size < 2; i++) await new Promise((r) => setTimeout(r));
    client.streams.get('OnUpdateScanRun')!.error({ errors: [{ message: 'Connection failed' }] });
    expect(errors.map((e) => e.message)).toEqual(['Connection failed']);
  });

  it('makes no subscription when unsubscribed before the client is loaded', async () => {
    const api = createAmplifyScanRunApi(client.module());
    api.changes().subscribe().unsubscribe();
    await new Promise((r) => setTimeout(r));
    expect(client.streams.size).toBe(0);
  });
});
