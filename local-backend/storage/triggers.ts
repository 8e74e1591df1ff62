import { join } from 'node:path';
import { FunctionHost, type FunctionRuntime } from '../data/functions.ts';
import type { DataDefinitions } from '../data/schema-loader.ts';
import type { ServiceContext } from '../service.ts';
import { BUCKET, type StorageService } from './index.ts';
import { BucketNotifications } from './notifications.ts';

export interface StorageTriggers {
  notifications: BucketNotifications;
  close(): void;
}

/**
 * Runs the project's storage triggers: the functions its bucket notifies (read from the synthesis),
 * each in its own worker as Lambda would run it, invoked with S3's event after each write and delete.
 */
export function startStorageTriggers(
  ctx: ServiceContext,
  definitions: DataDefinitions | undefined,
  runtime: FunctionRuntime,
  storage: StorageService | undefined,
): StorageTriggers | undefined {
  const triggers = definitions?.triggers ?? [];
  if (!storage || triggers.length === 0) return undefined;
  const names = new Set(triggers.map((t) => t.functionName));
  const functions = (definitions?.functions ?? []).filter((f) => names.has(f.name));
  const host = new FunctionHost(functions, join(ctx.options.dataDir, 'data', 'functions'), runtime, ctx.log);
  const notifications = new BucketNotifications({
    bucket: BUCKET,
    region: runtime.region,
    triggers,
    invoke: (name, event) => host.invokeAsync(name, event),
    log: ctx.log,
  });
  storage.onObjectEvent(notifications.sink);
  for (const t of triggers) ctx.log.info(`storage trigger: ${t.events.join(', ')} → ${t.functionName}`);
  return {
    notifications,
    close: () => {
      notifications.close();
      host.close();
    },
  };
}
