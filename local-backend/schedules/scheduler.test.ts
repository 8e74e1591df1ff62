import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../log.ts';
import { Scheduler, type FunctionSchedule, type SchedulerClock } from './scheduler.ts';

/** A clock moved by hand: timers fire when `advance` passes their time, in order. */
function drivenClock(start: string) {
  let now = Date.parse(start);
  const timers: { at: number; fire: () => void; live: boolean }[] = [];
  const clock: SchedulerClock = {
    now: () => now,
    setTimer(ms, fire) {
      const t = { at: now + ms, fire, live: true };
      timers.push(t);
      return { cancel: () => void (t.live = false) };
    },
  };
  return {
    clock,
    advance(to: string) {
      const end = Date.parse(to);
      for (;;) {
        const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        due.live = false;
        now = due.at;
        due.fire();
      }
      now = end;
    },
    pending: () => timers.filter((t) => t.live).length,
  };
}

const daily: FunctionSchedule = {
  name: 'orphanscanschedule0',
  functionName: 'orphan-scan',
  expression: 'cron(0 0 * * ? *)',
  timezone: 'UTC',
  enabled: true,
};
const quiet = createLogger('error');
const where = { region: 'us-east-1', account: '000000000000' };

test('a schedule fires its function at each fire time with the event EventBridge Scheduler sends', async () => {
  const time = drivenClock('2026-03-10T22:00:00Z');
  const calls: { fn: string; event: Record<string, unknown>; at: number }[] = [];
  const scheduler = new Scheduler(
    [daily],
    async (fn, event) => void calls.push({ fn, event: event as Record<string, unknown>, at: time.clock.now() }),
    where,
    quiet,
    time.clock,
  );
  scheduler.start();
  assert.deepEqual(scheduler.nextFireTimes(), { orphanscanschedule0: Date.parse('2026-03-11T00:00:00Z') });

  time.advance('2026-03-10T23:59:59Z');
  assert.equal(calls.length, 0, 'nothing fires before its time');
  time.advance('2026-03-13T12:00:00Z');
  assert.deepEqual(
    calls.map((c) => new Date(c.at).toISOString()),
    ['2026-03-11T00:00:00.000Z', '2026-03-12T00:00:00.000Z', '2026-03-13T00:00:00.000Z'],
  );
  const event = calls[0]!.event;
  assert.equal(calls[0]!.fn, 'orphan-scan');
  assert.equal(event['detail-type'], 'Scheduled Event');
  assert.equal(event['source'], 'aws.scheduler');
  assert.equal(event['time'], '2026-03-11T00:00:00Z');
  assert.equal(event['detail'], '{}');
  assert.deepEqual(event['resources'], [
    'arn:aws:scheduler:us-east-1:000000000000:schedule/default/orphanscanschedule0',
  ]);
  assert.notEqual(calls[0]!.event['id'], calls[1]!.event['id']);

  await scheduler.stop();
  time.advance('2026-03-20T00:00:00Z');
  assert.equal(calls.length, 3, 'a stopped scheduler fires nothing more');
  assert.equal(time.pending(), 0);
});

test('a fire time beyond the longest timer is reached in hops; a disabled schedule never fires', async () => {
  const time = drivenClock('2026-01-01T07:00:00Z');
  const calls: string[] = [];
  const scheduler = new Scheduler(
    [
      { ...daily, name: 'yearly', expression: 'cron(0 6 1 JAN ? *)' },
      { ...daily, name: 'off', functionName: 'other', enabled: false },
    ],
    async (fn) => void calls.push(`${fn}@${new Date(time.clock.now()).toISOString()}`),
    where,
    quiet,
    time.clock,
  );
  scheduler.start();
  time.advance('2026-12-31T00:00:00Z');
  assert.deepEqual(calls, []);
  time.advance('2027-01-02T00:00:00Z');
  assert.deepEqual(calls, ['orphan-scan@2027-01-01T06:00:00.000Z']);
  await scheduler.stop();
});

test('fireNow fires at once with the target Input when set, and names the scheduled functions otherwise', async () => {
  const time = drivenClock('2026-01-01T00:00:00Z');
  const events: unknown[] = [];
  const scheduler = new Scheduler(
    [{ ...daily, input: '{"reason":"nightly"}' }],
    async (_fn, event) => {
      events.push(event);
      return 'done';
    },
    where,
    quiet,
    time.clock,
  );
  assert.deepEqual(await scheduler.fireNow('orphan-scan'), ['done']);
  assert.deepEqual(events, [{ reason: 'nightly' }]);
  await assert.rejects(
    scheduler.fireNow('orphan-scn'),
    /no schedule targets function "orphan-scn"; scheduled functions: orphan-scan/,
  );
});

test('a failed run is reported to whoever fired it and the schedule keeps firing', async () => {
  const time = drivenClock('2026-01-01T23:00:00Z');
  let runs = 0;
  const lines: string[] = [];
  const scheduler = new Scheduler(
    [daily],
    async () => {
      runs++;
      throw new Error('bucket unreachable');
    },
    where,
    createLogger('warn', (l) => lines.push(l)),
    time.clock,
  );
  await assert.rejects(scheduler.fireNow('orphan-scan'), /bucket unreachable/);
  scheduler.start();
  time.advance('2026-01-03T01:00:00Z');
  await scheduler.stop();
  assert.equal(runs, 3);
  assert.equal(lines.filter((l) => l.includes('orphan-scan failed: bucket unreachable')).length, 3);
});

test('a schedule with an expression AWS refuses stops the start, naming the schedule', () => {
  assert.throws(
    () => new Scheduler([{ ...daily, expression: 'cron(0 0 * * *)' }], async () => undefined, where, quiet),
    /schedule orphanscanschedule0 of function orphan-scan: "cron\(0 0 \* \* \*\)": cron takes 6 fields/,
  );
});
