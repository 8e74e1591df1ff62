import { defineFunction } from '@aws-amplify/backend';

/**
 * The bucket's storage trigger (defineStorage's onUpload and onDelete): records every object
 * written or removed as an AuditEvent, so the Activity page shows changes made outside the
 * console too (see handler.ts). It lives in the data stack: the schema grants it createAuditEvent
 * there, and the storage stack's notification depends on the data stack, as the orphan scan's
 * grants already do, so the stacks form no cycle.
 */
export const storageEvents = defineFunction({
  name: 'storage-events',
  entry: './handler.ts',
  resourceGroupName: 'data',
  timeoutSeconds: 30,
});
