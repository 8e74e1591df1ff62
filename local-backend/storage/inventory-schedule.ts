import type { Logger } from '../log.ts';
import { realClock, type SchedulerClock } from '../schedules/scheduler.ts';
import { parseScheduleExpression } from '../schedules/schedule-expression.ts';
import type { InventoryConfiguration } from './inventory-config.ts';
import { writeInventory, type InventoryReport } from './inventory.ts';
import type { ObjectStore } from './object-store.ts';

/** When S3 delivers: it promises a day or a week, not an hour; locally, at midnight UTC (Sundays for Weekly). */
const WHEN = { Daily: 'cron(0 0 * * ? *)', Weekly: 'cron(0 0 ? * SUN *)' } as const;

export interface InventorySchedule {
  /** Writes a report of every enabled configuration now (the `--inventory-now` flag, tests). */
  runNow(): Promise<InventoryReport[]>;
  stop(): void;
}

/**
 * The bucket's inventory configurations delivered on their schedule while the backend runs. A
 * configuration the local S3 cannot deliver (another destination bucket, not CSV) is named once
 * at start and skipped.
 */
export function startInventory(
  store: ObjectStore,
  bucket: string,
  configs: InventoryConfiguration[],
  log: Logger,
  clock: SchedulerClock = realClock,
): InventorySchedule {
  const deliverable = configs.filter((c) => {
    if (!c.enabled) return false;
    if (c.toThisBucket && c.format === 'CSV') return true;
    log.warn(`S3 Inventory ${c.id}: not delivered locally (only CSV into the bucket itself is)`);
    return false;
  });
  const timers = new Map<string, { cancel(): void }>();
  let stopped = false;
  const run = async (c: InventoryConfiguration) => {
    try {
      const report = await writeInventory(store, bucket, c, new Date(clock.now()));
      log.info(`S3 Inventory ${c.id}: ${report.rows} rows, ${report.manifestKey}`);
      return report;
    } catch (err) {
      log.error(`S3 Inventory ${c.id} failed: ${(err as Error).message}`);
      throw err;
    }
  };
  const arm = (c: InventoryConfiguration) => {
    if (stopped) return;
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
  for (const c of deliverable) arm(c);
  return {
    runNow: () => Promise.all(deliverable.map(run)),
    stop: () => {
      stopped = true;
      for (const t of timers.values()) t.cancel();
    },
  };
}
