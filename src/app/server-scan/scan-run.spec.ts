import { ageOf, readScanRun, starterOf } from './scan-run';

describe('starterOf', () => {
  const me = '0f6c2f1e-1b7a-4c1e-9a53-4b2f7e0c9d11';

  it('names the schedule, and you when the run names your username', () => {
    expect(starterOf({ startedBy: 'schedule' }, me)).toBe('the daily schedule');
    expect(starterOf({ startedBy: me }, me)).toBe('you');
    expect(starterOf({ startedBy: 'me@example.com' }, [me, 'me@example.com'])).toBe('you');
    expect(starterOf({ startedBy: 'ann@example.com' }, [me, 'me@example.com'])).toBe('ann@example.com');
  });

  it('shows a name the run recorded as it is, and an opaque username as another operator', () => {
    expect(starterOf({ startedBy: 'ann@example.com' }, me)).toBe('ann@example.com');
    expect(starterOf({ startedBy: 'Ann Admin' }, me)).toBe('Ann Admin');
    expect(starterOf({ startedBy: '7d1e6a0c-55b3-4a8e-b0f4-2b9c1f3e8a70' }, me)).toBe('another operator');
    expect(starterOf({ startedBy: '  ' }, me)).toBe('another operator');
    expect(starterOf({ startedBy: me })).toBe('another operator');
  });
});

describe('ageOf', () => {
  const now = Date.parse('2026-12-05T12:00:00.000Z');
  const ago = (s: number) => new Date(now - s * 1000).toISOString();

  it('reads as just now, minutes, hours or days, singular where it is one', () => {
    expect(ageOf(ago(59), now)).toBe('just now');
    expect(ageOf(ago(60), now)).toBe('1 minute ago');
    expect(ageOf(ago(3599), now)).toBe('59 minutes ago');
    expect(ageOf(ago(7200), now)).toBe('2 hours ago');
    expect(ageOf(ago(86_400), now)).toBe('1 day ago');
    expect(ageOf(ago(-30), now)).toBe('just now');
  });
});

describe('readScanRun', () => {
  it('reads the JSON fields, and a field that is not JSON as missing', () => {
    const run = readScanRun({
      id: 'r1',
      startedAt: '2026-12-05T00:00:00.000Z',
      startedBy: 'schedule',
      status: 'running',
      finishedAt: null,
      recordsRead: null,
      objectsListed: 5,
      orphans: null,
      dangling: null,
      shared: null,
      report: '{"prefix":"reports/r1/","summaryKey":"reports/r1/summary.json"}',
      totals: '{not json',
      error: null,
    });
    expect(run.recordsRead).toBe(0);
    expect(run.objectsListed).toBe(5);
    expect(run.report).toEqual({ prefix: 'reports/r1/', summaryKey: 'reports/r1/summary.json' });
    expect(run.totals).toBeNull();
  });
});
