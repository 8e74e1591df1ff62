import { defineFunction } from '@aws-amplify/backend';

/** How often the scan runs on its own (Gen 2's schedule syntax: 'every day', 'every 6h', or a cron). */
export const ORPHAN_SCAN_SCHEDULE = 'every day';

/**
 * The server-side orphan scan: lists the bucket under every file prefix, reads every model with a
 * file field from its DynamoDB table, and writes the report under reports/ (see handler.ts). It
 * lives in the storage stack: the bucket grants it access there, and it reads the data stack's
 * tables, which the storage stack may depend on without a cycle.
 */
export const orphanScan = defineFunction({
  name: 'orphan-scan',
  entry: './handler.ts',
  resourceGroupName: 'storage',
  schedule: ORPHAN_SCAN_SCHEDULE,
  timeoutSeconds: 900,
  memoryMB: 512,
  environment: {
    /** Files younger than this are never called orphans: their record may not be saved yet. */
    ORPHAN_SCAN_GRACE_HOURS: '1',
  },
});
