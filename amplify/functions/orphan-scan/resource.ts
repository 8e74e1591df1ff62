import { defineFunction } from '@aws-amplify/backend';

/** How often the scan runs on its own (Gen 2's schedule syntax: 'every day', 'every 6h', or a cron). */
export const ORPHAN_SCAN_SCHEDULE = 'every day';

/**
 * The function's memory. Lambda's Node.js runtime derives V8's heap limits from it (a tenth for the
 * young generation, the rest for the old), so it bounds the heap too; the scan streams and spills,
 * and at 1,000,000 objects peaks under it (local-backend/schedules/orphan-scan.bench.ts).
 */
export const ORPHAN_SCAN_MEMORY_MB = 256;

/**
 * The server-side orphan scan: lists the bucket under every file prefix, reads every model with a
 * file field from its DynamoDB table, writes the report under reports/ and records its run as a
 * ScanRun (see handler.ts). It lives in the data stack: startOrphanScan's resolver invokes it
 * and it reads the tables there; the storage stack's grants on it depend on the data stack, as
 * before, and its bucket's name comes from SSM, so the stacks form no cycle.
 */
export const orphanScan = defineFunction({
  name: 'orphan-scan',
  entry: './handler.ts',
  resourceGroupName: 'data',
  schedule: ORPHAN_SCAN_SCHEDULE,
  timeoutSeconds: 900,
  memoryMB: ORPHAN_SCAN_MEMORY_MB,
  environment: {
    /** Files younger than this are never called orphans: their record may not be saved yet. */
    ORPHAN_SCAN_GRACE_HOURS: '1',
    /** Report folders (reports/<runId>/) kept; older ones are removed after each run. */
    ORPHAN_SCAN_KEEP_REPORTS: '10',
  },
});
