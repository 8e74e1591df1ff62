import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import { parseScheduleExpression, type ScheduleExpression } from './schedule-expression.ts';

/** An EventBridge Scheduler schedule whose target is a function of the backend (as synthesized). */
export interface FunctionSchedule {
  /** The schedule's name (its logical id when the template gives none). */
  name: string;
  functionName: string;
  expression: string;
  timezone: string;
  enabled: boolean;
  /** The target's Input (JSON text); without one the scheduler sends its default notification. */
  input?: string;
}

/** Time as the scheduler sees it; tests drive it by hand. */
export interface SchedulerClock {
  now(): number;
  setTimer(ms: number, fire: () => void): { cancel(): void };
}

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer(ms, fire) {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** setTimeout's longest delay: a later fire time is reached in hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Lambda's asynchronous invoke: the event queued, the run's outcome only logged. */
export type InvokeAsync = (functionName: string, event: unknown) => Promise<unknown>;

/**
 * Fires each enabled schedule at the times its expression names, invoking its function with the
 * event EventBridge Scheduler sends, while the backend runs. `fireNow` fires a function's
 * schedules at once (the `--fire-schedules-now` flag and `schedules fire <function>`).
 */
export class Scheduler {
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly expressions = new Map<string, ScheduleExpression>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    readonly schedules: FunctionSchedule[],
    private readonly invoke: InvokeAsync,
    private readonly where: { region: string; account: string },
    private readonly log: Logger,
    private readonly clock: SchedulerClock = realClock,
  ) {
    const createdAt = clock.now();
    for (const s of schedules) {
      // Refused at start with the schedule's name: a wrong expression is no silent no-op.
      try {
        this.expressions.set(s.name, parseScheduleExpression(s.expression, { timezone: s.timezone, createdAt }));
      } catch (err) {
        throw new Error(`schedule ${s.name} of function ${s.functionName}: ${(err as Error).message}`);
      }
    }
  }

  start(): void {
    for (const s of this.schedules) if (s.enabled) this.arm(s);
  }

  /** The next fire time of each enabled schedule (epoch ms), by schedule name. */
  nextFireTimes(): Record<string, number | undefined> {
    const now = this.clock.now();
    return Object.fromEntries(
      this.schedules.filter((s) => s.enabled).map((s) => [s.name, this.expressions.get(s.name)!.next(now)]),
    );
  }

  /** Fires every schedule of `functionName` now; refuses a function no schedule targets. */
  fireNow(functionName: string): Promise<unknown[]> {
    const targets = this.schedules.filter((s) => s.functionName === functionName);
    if (targets.length === 0) {
      const known = [...new Set(this.schedules.map((s) => s.functionName))];
      return Promise.reject(
        new Error(
          `no schedule targets function "${functionName}"; ${known.length ? `scheduled functions: ${known.join(', ')}` : 'the backend has no scheduled functions'}`,
        ),
      );
    }
    return Promise.all(targets.map((s) => this.fire(s)));
  }

  /** Stops firing; resolves when the runs already started have finished. */
  async stop(): Promise<void> {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private arm(s: FunctionSchedule): void {
    const now = this.clock.now();
    const at = this.expressions.get(s.name)!.next(now);
    if (at === undefined) {
      this.log.info(`schedule ${s.name} has no fire time left`);
      return;
    }
    this.timers.set(
      s.name,
      this.clock.setTimer(Math.min(at - now, MAX_TIMER_MS), () => {
        if (this.clock.now() >= at) void this.fire(s, at);
        this.arm(s);
      }),
    );
  }

  private fire(s: FunctionSchedule, at = this.clock.now()): Promise<unknown> {
    const event = s.input === undefined ? this.defaultNotification(s, at) : JSON.parse(s.input);
    this.log.info(`schedule ${s.name} fires ${s.functionName}`);
    const run = this.invoke(s.functionName, event).then(
      (result) => {
        this.log.debug(`schedule ${s.name}: ${s.functionName} finished`);
        return result;
      },
      (err: unknown) => {
        this.log.warn(`schedule ${s.name}: ${s.functionName} failed: ${(err as Error).message}`);
        throw err;
      },
    );
    const tracked = run.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return run;
  }

  /** What EventBridge Scheduler sends a Lambda target that has no Input. */
  private defaultNotification(s: FunctionSchedule, at: number) {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: this.where.account,
      time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      region: this.where.region,
      resources: [`arn:aws:scheduler:${this.where.region}:${this.where.account}:schedule/default/${s.name}`],
      detail: '{}',
    };
  }
}
