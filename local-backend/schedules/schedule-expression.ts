/**
 * EventBridge's schedule expressions — `rate(5 minutes)` and the six-field `cron(min hour
 * day-of-month month day-of-week year)` — parsed as AWS reads them, with the next time each fires.
 * Cron supports `*`, `?`, lists, ranges, steps, month and weekday names, and `L`, `W`, `LW`, `#`
 * (day-of-week 1 is Sunday); anything else is refused with a message that says what is wrong.
 */
export interface ScheduleExpression {
  /** The first fire time strictly after `after` (epoch ms), or undefined when none is left. */
  next(after: number): number | undefined;
  readonly text: string;
}

export class ScheduleExpressionError extends Error {}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseScheduleExpression(
  text: string,
  { timezone = 'UTC', createdAt = 0 }: { timezone?: string; createdAt?: number } = {},
): ScheduleExpression {
  const rate = /^rate\((.*)\)$/.exec(text.trim());
  if (rate) return parseRate(rate[1]!.trim(), text, createdAt);
  const cron = /^cron\((.*)\)$/.exec(text.trim());
  if (cron) return parseCron(cron[1]!.trim(), text, timezone);
  throw new ScheduleExpressionError(`"${text}" is neither rate(value unit) nor cron(fields)`);
}

/** A rate counts from when the schedule was created (`origin`). */
function parseRate(body: string, text: string, origin: number): ScheduleExpression {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) throw new ScheduleExpressionError(`"${text}": a rate is "<whole number> <minute(s)|hour(s)|day(s)>"`);
  const value = Number(m[1]);
  const unit = m[2]!.replace(/s$/, '');
  if (value < 1) throw new ScheduleExpressionError(`"${text}": the value must be a positive whole number`);
  if ((value === 1) !== (m[2] === unit)) {
    throw new ScheduleExpressionError(`"${text}": use "${unit}" for 1 and "${unit}s" for more than 1`);
  }
  const period = value * RATE_UNITS[unit]!;
  return { text, next: (after) => origin + (Math.floor((after - origin) / period) + 1) * period };
}

interface DayRule {
  any: boolean;
  values: Set<number>;
  last?: boolean;
  /** Day-of-month W: the weekday nearest this day (in the same month). */
  nearestWeekday?: number;
  lastWeekday?: boolean;
  /** Day-of-week nL: the last such weekday; n#k: the k-th one. */
  lastOf?: number;
  nth?: { day: number; k: number };
}

function parseCron(body: string, text: string, timezone: string): ScheduleExpression {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `"${text}": cron takes 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
    );
  }
  const [minF, hourF, domF, monF, dowF, yearF] = fields as [string, string, string, string, string, string];
  const fail = (field: string, why: string): never => {
    throw new ScheduleExpressionError(`"${text}": ${field}: ${why}`);
  };
  if ((domF === '?') === (dowF === '?')) {
    fail('day-of-month / day-of-week', 'exactly one of the two must be ? (a value or * in one, ? in the other)');
  }
  const minutes = numbers(minF, 0, 59, [], (w) => fail('minutes', w));
  const hours = numbers(hourF, 0, 23, [], (w) => fail('hours', w));
  const months = numbers(monF, 1, 12, MONTHS, (w) => fail('month', w));
  const years = numbers(yearF, 1970, 2199, [], (w) => fail('year', w));
  const dom = domF === '?' ? undefined : dayOfMonth(domF, (w) => fail('day-of-month', w));
  const dow = dowF === '?' ? undefined : dayOfWeek(dowF, (w) => fail('day-of-week', w));
  const zone = zoneOffset(timezone, text);

  const dayMatches = (y: number, m: number, d: number): boolean => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1; // 1 = Sunday
    if (dom) {
      if (dom.any) return true;
      if (dom.last) return d === last;
      if (dom.lastWeekday) return d === nearestWeekday(y, m, last, last);
      if (dom.nearestWeekday !== undefined) return d === nearestWeekday(y, m, dom.nearestWeekday, last);
      return dom.values.has(d);
    }
    if (!dow || dow.any) return true;
    if (dow.lastOf !== undefined) return weekday === dow.lastOf && d + 7 > last;
    if (dow.nth) return weekday === dow.nth.day && Math.ceil(d / 7) === dow.nth.k;
    return dow.values.has(weekday);
  };

  const sortedMinutes = [...minutes].sort((a, b) => a - b);
  const sortedHours = [...hours].sort((a, b) => a - b);
  return {
    text,
    next(after) {
      // Walk the calendar in the schedule's zone day by day from the day of `after`.
      const start = zone.toLocal(after);
      for (let day = 0; day < 366 * 230; day++) {
        const date = new Date(Date.UTC(start.y, start.m - 1, start.d + day));
        const y = date.getUTCFullYear();
        if (y > 2199) return undefined;
        const m = date.getUTCMonth() + 1;
        const d = date.getUTCDate();
        if (!years.has(y) || !months.has(m) || !dayMatches(y, m, d)) continue;
        for (const h of sortedHours) {
          for (const min of sortedMinutes) {
            const at = zone.toUtc(y, m, d, h, min);
            if (at !== undefined && at > after) return at;
          }
        }
      }
      return undefined;
    },
  };
}

function nearestWeekday(y: number, m: number, day: number, last: number): number {
  const weekday = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1; // Saturday: the Friday before, or Monday the 3rd
  if (weekday === 0) return day === last ? day - 2 : day + 1; // Sunday: the Monday after, or the Friday before
  return day;
}

function numbers(field: string, min: number, max: number, names: string[], fail: (why: string) => never): Set<number> {
  const out = new Set<number>();
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!(n >= min && n <= max))
      fail(`"${token}" is not a value from ${min} to ${max}${names.length ? ` or a name` : ''}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail(`"${part}": the step must be a positive whole number`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a), value(b)];
      if (from > to) fail(`"${part}": a range must go from low to high`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

function dayOfMonth(field: string, fail: (why: string) => never): DayRule {
  if (field === '*') return { any: true, values: new Set() };
  if (field === 'L') return { any: false, values: new Set(), last: true };
  if (field === 'LW') return { any: false, values: new Set(), lastWeekday: true };
  const w = /^(\d+)W$/.exec(field);
  if (w) {
    const day = Number(w[1]);
    if (day < 1 || day > 31) fail(`"${field}": W takes a day from 1 to 31`);
    return { any: false, values: new Set(), nearestWeekday: day };
  }
  if (/[LW#]/i.test(field)) fail(`"${field}": L, W and LW stand alone (e.g. L, 15W, LW)`);
  return { any: false, values: numbers(field, 1, 31, [], fail) };
}

function dayOfWeek(field: string, fail: (why: string) => never): DayRule {
  if (field === '*') return { any: true, values: new Set() };
  const day = (token: string): number => [...numbers(token, 1, 7, DAYS, fail)][0]!;
  if (field === 'L') return { any: false, values: new Set([7]) };
  const last = /^(\w+)L$/.exec(field);
  if (last) return { any: false, values: new Set(), lastOf: day(last[1]!) };
  const nth = /^(\w+)#(\d)$/.exec(field);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5) fail(`"${field}": # takes an occurrence from 1 to 5`);
    return { any: false, values: new Set(), nth: { day: day(nth[1]!), k } };
  }
  if (/[L#W]/i.test(field.replace(/[A-Z]{3}/gi, ''))) fail(`"${field}": L and # stand alone (e.g. 6L, 2#1)`);
  return { any: false, values: numbers(field, 1, 7, DAYS, fail) };
}

/** Wall-clock fields in an IANA zone, and back (a local time a DST change skips has no instant). */
function zoneOffset(timezone: string, text: string) {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    throw new ScheduleExpressionError(`"${text}": unknown time zone "${timezone}"`);
  }
  const toLocal = (ms: number) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
    return { y: parts['year']!, m: parts['month']!, d: parts['day']!, h: parts['hour']!, min: parts['minute']! };
  };
  const offset = (ms: number) => {
    const l = toLocal(ms);
    return Date.UTC(l.y, l.m - 1, l.d, l.h, l.min) - Math.floor(ms / 60_000) * 60_000;
  };
  return {
    toLocal,
    toUtc(y: number, m: number, d: number, h: number, min: number): number | undefined {
      const wall = Date.UTC(y, m - 1, d, h, min);
      for (const guess of [wall - offset(wall), wall - offset(wall - offset(wall))]) {
        const l = toLocal(guess);
        if (l.y === y && l.m === m && l.d === d && l.h === h && l.min === min) return guess;
      }
      return undefined;
    },
  };
}
