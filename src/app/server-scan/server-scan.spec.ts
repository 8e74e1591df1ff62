import { TestBed } from '@angular/core/testing';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { SCAN_RUN_API } from './scan-run-api';
import { RUNS_KEPT, ServerScan, serverScanIn } from './server-scan';
import { FakeScanRunApi, SERVER_SCAN_OUTPUTS, configWith, run } from './testing/fake-server-scan';

describe('serverScanIn', () => {
  it('is true only when the outputs name the ScanRun model and the startOrphanScan mutation', () => {
    expect(serverScanIn(SERVER_SCAN_OUTPUTS)).toBeTrue();
    expect(serverScanIn({ data: { model_introspection: { models: { ScanRun: {} } } } })).toBeFalse();
    expect(
      serverScanIn({ data: { model_introspection: { models: {}, mutations: { startOrphanScan: {} } } } }),
    ).toBeFalse();
    expect(serverScanIn({})).toBeFalse();
  });
});

describe('ServerScan', () => {
  let api: FakeScanRunApi;

  async function scan(groups: string[], outputs: object = SERVER_SCAN_OUTPUTS): Promise<ServerScan> {
    api = new FakeScanRunApi();
    const auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_RUN_API, useValue: api },
        configWith(outputs),
      ],
    });
    await TestBed.inject(Session).ready();
    return TestBed.inject(ServerScan);
  }
  const settle = () => new Promise((r) => setTimeout(r));

  it('asks nothing of a backend that does not scan on the server', async () => {
    const s = await scan(['ADMINS'], {});
    const latest = spyOn(api, 'latest').and.callThrough();
    s.watch();
    expect(latest).not.toHaveBeenCalled();
    expect(s.supported()).toBeFalse();
  });

  it('loads the newest runs once: the shared report, the run under way and the history, oldest first', async () => {
    const s = await scan(['VIEWERS']);
    api.runs = [
      run({ id: 'r4', startedAt: '2026-12-05T04:00:00.000Z', status: 'running', report: null, totals: null }),
      run({ id: 'r3', startedAt: '2026-12-05T03:00:00.000Z', status: 'failed', report: null, totals: null }),
      run({ id: 'r2', startedAt: '2026-12-05T02:00:00.000Z' }),
      run({ id: 'r1', startedAt: '2026-12-05T01:00:00.000Z' }),
    ];
    const latest = spyOn(api, 'latest').and.callThrough();
    s.watch();
    s.watch();
    await settle();
    expect(latest.calls.allArgs()).toEqual([[RUNS_KEPT]]);
    expect(s.loaded()).toBeTrue();
    expect(s.latest()?.id).toBe('r4');
    expect(s.active()?.id).toBe('r4');
    expect(s.report()?.id).toBe('r2');
    expect(s.history().map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('follows runs live: a new one goes first, an update replaces its run, one seen before the list is kept', async () => {
    const s = await scan(['VIEWERS']);
    api.runs = [run({ id: 'r1', startedAt: '2026-12-05T01:00:00.000Z' })];
    let answer!: () => void;
    const list = api.latest(RUNS_KEPT);
    spyOn(api, 'latest').and.returnValue(new Promise((r) => (answer = () => r(list))));
    s.watch();
    const started = run({ id: 'r2', startedAt: '2026-12-05T02:00:00.000Z', status: 'running', report: null });
    api.live.next(started);
    answer();
    await settle();
    expect(s.runs().map((r) => [r.id, r.status])).toEqual([
      ['r2', 'running'],
      ['r1', 'done'],
    ]);
    api.live.next({ ...started, status: 'done', report: run().report, objectsListed: 42 });
    expect(s.runs().map((r) => [r.id, r.status])).toEqual([
      ['r2', 'done'],
      ['r1', 'done'],
    ]);
    expect(s.report()?.objectsListed).toBe(42);
    expect(s.active()).toBeNull();
  });

  it('keeps at most RUNS_KEPT runs', async () => {
    const s = await scan(['VIEWERS']);
    s.watch();
    await settle();
    for (let i = 0; i < RUNS_KEPT + 5; i++)
      api.live.next(run({ id: `r${i}`, startedAt: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString() }));
    expect(s.runs()).toHaveSize(RUNS_KEPT);
    expect(s.runs()[0]!.id).toBe(`r${RUNS_KEPT + 4}`);
  });

  it('says why the runs could not be read', async () => {
    const s = await scan(['VIEWERS']);
    spyOn(api, 'latest').and.rejectWith(new Error('Not Authorized to access listScanRunsByTime'));
    s.watch();
    await settle();
    expect(s.loaded()).toBeFalse();
    expect(s.error()).toBe('Not Authorized to access listScanRunsByTime');
  });

  it('lets ADMINS and OPERATORS start a run, and says it is starting until the backend answers', async () => {
    expect((await scan(['VIEWERS'])).canStart()).toBeFalse();
    TestBed.resetTestingModule();
    const s = await scan(['OPERATORS']);
    expect(s.canStart()).toBeTrue();
    const starting = s.start();
    expect(s.starting()).toBeTrue();
    await starting;
    expect(s.starting()).toBeFalse();
    expect(api.starts).toBe(1);
    api.refuse = 'Not Authorized to access startOrphanScan on type Mutation';
    await expectAsync(s.start()).toBeRejectedWithError(/Not Authorized/);
    expect(s.starting()).toBeFalse();
  });

  it('forgets the runs when the user signs out, and stops following them', async () => {
    const s = await scan(['VIEWERS']);
    api.runs = [run()];
    s.watch();
    await settle();
    expect(s.runs()).toHaveSize(1);
    await TestBed.inject(Session).signOut();
    TestBed.tick();
    expect(s.runs()).toEqual([]);
    expect(s.loaded()).toBeFalse();
    expect(api.live.observed).toBeFalse();
  });
});
