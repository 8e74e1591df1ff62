import { join } from 'node:path';
import type { DataDefinitions } from '../data/schema-loader.ts';
import { FunctionHost, type FunctionRuntime } from '../data/functions.ts';
import { ACCOUNT } from '../dynamodb/tables.ts';
import type { ServiceContext } from '../service.ts';
import { Scheduler } from './scheduler.ts';

export interface Schedules {
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * The synthesized EventBridge Scheduler schedules, firing their functions while the backend runs
 * (each run in its own container, as Lambda's asynchronous invokes would be); none without any.
 */
export function startSchedules(
  ctx: ServiceContext,
  definitions: DataDefinitions | undefined,
  runtime: FunctionRuntime,
): Schedules | undefined {
  const schedules = definitions?.schedules ?? [];
  if (schedules.length === 0) return undefined;
  const targets = new Set(schedules.map((s) => s.functionName));
  const functions = (definitions?.functions ?? []).filter((f) => targets.has(f.name));
  const host = new FunctionHost(functions, join(ctx.options.dataDir, 'data', 'functions'), runtime, ctx.log);
  const scheduler = new Scheduler(
    schedules,
    (name, event) => host.invokeAsync(name, event),
    { region: runtime.region, account: ACCOUNT },
    ctx.log,
  );
  scheduler.start();
  for (const [name, at] of Object.entries(scheduler.nextFireTimes())) {
    const s = schedules.find((x) => x.name === name)!;
    ctx.log.info(
      `schedule ${s.expression} fires ${s.functionName} next at ${at ? new Date(at).toISOString() : 'never'}`,
    );
  }
  return {
    scheduler,
    async close() {
      await scheduler.stop();
      host.close();
    },
  };
}
