import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScheduleExpression, ScheduleExpressionError } from './schedule-expression.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
/** The next `n` fire times after `from`. */
function fires(expression: string, from: string, n: number, timezone?: string): (string | undefined)[] {
  const e = parseScheduleExpression(expression, { timezone, createdAt: at('2026-01-01T00:00:00Z') });
  const out: (string | undefined)[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    const next = e.next(t);
    out.push(iso(next));
    if (next === undefined) break;
    t = next;
  }
  return out;
}

test('rate() fires every period counted from when the schedule was created', () => {
  assert.deepEqual(fires('rate(5 minutes)', '2026-03-10T10:07:30Z', 3), [
    '2026-03-10T10:10:00.000Z',
    '2026-03-10T10:15:00.000Z',
    '2026-03-10T10:20:00.000Z',
  ]);
  assert.deepEqual(fires('rate(1 day)', '2026-01-01T00:00:00Z', 2), [
    '2026-01-02T00:00:00.000Z',
    '2026-01-03T00:00:00.000Z',
  ]);
  const hourly = parseScheduleExpression('rate(1 hour)', { createdAt: at('2026-01-01T00:20:00Z') });
  assert.equal(iso(hourly.next(at('2026-01-01T05:00:00Z'))), '2026-01-01T05:20:00.000Z');
});

test('cron() with lists, ranges, steps and names, in UTC', () => {
  // Gen 2's 'every day' synthesizes as cron(0 0 * * ? *).
  assert.deepEqual(fires('cron(0 0 * * ? *)', '2026-03-10T10:00:00Z', 2), [
    '2026-03-11T00:00:00.000Z',
    '2026-03-12T00:00:00.000Z',
  ]);
  assert.deepEqual(fires('cron(0/20 8-9 ? * MON-FRI *)', '2026-03-13T09:30:00Z', 4), [
    '2026-03-13T09:40:00.000Z', // Friday
    '2026-03-16T08:00:00.000Z', // then Monday
    '2026-03-16T08:20:00.000Z',
    '2026-03-16T08:40:00.000Z',
  ]);
  assert.deepEqual(fires('cron(15 10 1,15 JAN,JUL ? 2027)', '2026-06-01T00:00:00Z', 5), [
    '2027-01-01T10:15:00.000Z',
    '2027-01-15T10:15:00.000Z',
    '2027-07-01T10:15:00.000Z',
    '2027-07-15T10:15:00.000Z',
    undefined,
  ]);
});

test('cron() L, W, LW and # days', () => {
  assert.deepEqual(fires('cron(0 12 L * ? *)', '2028-01-31T13:00:00Z', 2), [
    '2028-02-29T12:00:00.000Z', // a leap year's February
    '2028-03-31T12:00:00.000Z',
  ]);
  // The weekday nearest the 1st of Aug 2026 (a Saturday) stays in the month: Monday the 3rd.
  assert.deepEqual(fires('cron(0 9 1W * ? *)', '2026-07-15T00:00:00Z', 1), ['2026-08-03T09:00:00.000Z']);
  // 15 Mar 2026 is a Sunday: the Monday after.
  assert.deepEqual(fires('cron(0 9 15W * ? *)', '2026-03-01T00:00:00Z', 1), ['2026-03-16T09:00:00.000Z']);
  // The last weekday of May 2026 (the 31st is a Sunday) is Friday the 29th.
  assert.deepEqual(fires('cron(0 9 LW * ? *)', '2026-05-01T00:00:00Z', 1), ['2026-05-29T09:00:00.000Z']);
  // 6L: the last Friday; 2#1: the first Monday (1 is Sunday).
  assert.deepEqual(fires('cron(0 18 ? * 6L *)', '2026-03-01T00:00:00Z', 1), ['2026-03-27T18:00:00.000Z']);
  assert.deepEqual(fires('cron(0 18 ? * 2#1 *)', '2026-03-03T00:00:00Z', 2), [
    '2026-04-06T18:00:00.000Z',
    '2026-05-04T18:00:00.000Z',
  ]);
});

test('cron() in a time zone keeps local wall time across a daylight-saving change', () => {
  // Berlin moves to summer time on 29 Mar 2026: 09:00 local is 08:00 UTC before, 07:00 after.
  assert.deepEqual(fires('cron(0 9 * * ? *)', '2026-03-28T12:00:00Z', 2, 'Europe/Berlin'), [
    '2026-03-29T07:00:00.000Z',
    '2026-03-30T07:00:00.000Z',
  ]);
  assert.deepEqual(fires('cron(0 9 * * ? *)', '2026-03-27T12:00:00Z', 1, 'Europe/Berlin'), [
    '2026-03-28T08:00:00.000Z',
  ]);
});

test('expressions AWS would refuse are refused with what is wrong', () => {
  const refused: [string, RegExp][] = [
    ['every day', /neither rate\(value unit\) nor cron/],
    ['rate(0 minutes)', /positive whole number/],
    ['rate(1 minutes)', /use "minute" for 1/],
    ['rate(5 minute)', /"minutes" for more than 1/],
    ['rate(2 weeks)', /minute\(s\)\|hour\(s\)\|day\(s\)/],
    ['cron(0 0 * * *)', /6 fields/],
    ['cron(0 0 * * * *)', /exactly one of the two must be \?/],
    ['cron(0 0 ? * ? *)', /exactly one of the two must be \?/],
    ['cron(60 0 * * ? *)', /minutes: "60" is not a value from 0 to 59/],
    ['cron(0 0 * FOO ? *)', /month: "FOO"/],
    ['cron(0 0 ? * 8 *)', /day-of-week: "8"/],
    ['cron(0 0 ? * 2#6 *)', /occurrence from 1 to 5/],
    ['cron(0 0 5-2 * ? *)', /from low to high/],
    ['cron(0 0 * * ? 2300)', /year: "2300" is not a value from 1970 to 2199/],
    ['cron(0/0 0 * * ? *)', /step must be a positive whole number/],
  ];
  for (const [text, why] of refused) {
    assert.throws(
      () => parseScheduleExpression(text),
      (err: Error) => {
        assert.ok(err instanceof ScheduleExpressionError, text);
        assert.match(err.message, why, text);
        return true;
      },
    );
  }
  assert.throws(() => parseScheduleExpression('cron(0 9 * * ? *)', { timezone: 'Mars/Olympus' }), /unknown time zone/);
});
