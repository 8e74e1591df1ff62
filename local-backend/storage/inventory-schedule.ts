import type { Logger } from '../log.ts';
import { realClock, type SchedulerClock } from '../schedules/scheduler.ts';
import { parseScheduleExpression } from '../schedules/schedule-expression.ts';
import type { InventoryConfiguration } from './inventory-config.ts';
import { writeInventory, type DeliverObject, type InventoryReport } from './inventory.ts';
import type { ObjectStore } from './object-store.ts';

/** When S3 delivers: it promises a day or a week, not an hour; locally, at midnight UTC (Sundays for Weekly). */
const WHEN = { Daily: 'cron(0 0 * * ? *)', Weekly: 'cron(0 0 ? * SUN *)' } as const;

export interface InventorySchedule {
  /** Writes a report of every enabled configuration now (the `--inventory-now` flag, tests). */
  runNow(): Promise<InventoryReport[]>;
  /** The bucket's configurations, by id (the Get/List inventory configuration API). */
  configurations(): InventoryConfiguration[];
  configuration(id: string): InventoryConfiguration | undefined;
  /** Sets (adds or replaces) a configuration: the next report follows it. */
  put(config: InventoryConfiguration): void;
  /** Removes a configuration; false when there was none by that id. */
  remove(id: string): boolean;
  stop(): void;
}

/**
 * The bucket's inventory configurations, delivered on their schedule while the backend runs. They
 * start as the synthesized template sets them (each start is a deployment of backend.ts) and
 * change with PutBucketInventoryConfiguration / Delete until the next start. A configuration the
 * local S3 cannot deliver (another destination bucket, not CSV) is named when set and skipped.
 */
export function startInventory(
  store: ObjectStore,
  bucket: string,
  configs: InventoryConfiguration[],
  log: Logger,
  clock: SchedulerClock = realClock,
  /** How each report file is stored (the S3 handler's delivery, which notifies as a PUT does). */
  deliver?: () => DeliverObject | undefined,
): InventorySchedule {
  const byId = new Map<string, InventoryConfiguration>();
  const timers = new Map<string, { cancel(): void }>();
  let stopped = false;
  const deliverable = (c: InventoryConfiguration) => c.enabled && c.toThisBucket && c.format === 'CSV';
  const run = async (c: InventoryConfiguration) => {
    try {
      const report = await writeInventory(store, bucket, c, new Date(clock.now()), undefined, deliver?.());
      log.info(`S3 Inventory ${c.id}: ${report.rows} rows, ${report.manifestKey}`);
      return report;
    } catch (err) {
      log.error(`S3 Inventory ${c.id} failed: ${(err as Error).message}`);
      throw err;
    }
  };
  const arm = (c: InventoryConfiguration) => {
    if (stopped || byId.get(c.id) !== c) return;
    const at = parseScheduleExpression(WHEN[c.frequency]).next(clock.now());
    if (at === undefined) return;
    timers.set(
      c.id,
      clock.setTimer(
        at - clock.now(),
        () =>
          void run(c)
            .catch(() => undefined)
            .finally(() => arm(c)),
      ),
    );
  };
  const set = (c: InventoryConfiguration) => {
    timers.get(c.id)?.cancel();
    timers.delete(c.id);
    byId.set(c.id, c);
    if (deliverable(c)) arm(c);
    else if (c.enabled) log.warn(`S3 Inventory ${c.id}: not delivered locally (only CSV into the bucket itself is)`);
  };
  for (const c of configs) set(c);
  return {
    runNow: () => Promise.all([...byId.values()].filter(deliverable).map(run)),
    configurations: () => [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    configuration: (id) => byId.get(id),
    put: set,
    remove: (id) => {
      timers.get(id)?.cancel();
      timers.delete(id);
      return byId.delete(id);
    },
    stop: () => {
      stopped = true;
      for (const t of timers.values()) t.cancel();
    },
  };
}
