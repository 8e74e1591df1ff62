import { defineStorage } from '@aws-amplify/backend';
import { orphanScan } from '../functions/orphan-scan/resource';
import { storageEvents } from '../functions/storage-events/resource';
import type { StorageAccess } from './defined-paths';

/*
 * Files live under images/<recordId>/<uuid>-<name>. Storage rules are per path, not per record,
 * so OPERATORS keep `delete`: replacing or detaching a file (which they may do) deletes the old
 * object. Deleting records, and so bulk delete, stays ADMINS-only through the Data rules.
 * Guests have no access at all. The orphan scan lists and reads images/ and alone writes its
 * reports under reports/, which every group reads.
 */
export const storageAccess: StorageAccess = (allow) => ({
  'images/*': [
    allow.groups(['ADMINS']).to(['read', 'write', 'delete']),
    allow.groups(['OPERATORS']).to(['read', 'write', 'delete']),
    allow.groups(['VIEWERS']).to(['read']),
    allow.resource(orphanScan).to(['read']),
  ],
  'reports/*': [
    allow.groups(['ADMINS', 'OPERATORS', 'VIEWERS']).to(['read']),
    allow.resource(orphanScan).to(['read', 'write', 'delete']),
  ],
});

// Every object written or removed, by the console or anything else, is recorded in the audit trail.
export const storage = defineStorage({
  name: 'attachmentConsoleFiles',
  isDefault: true,
  access: storageAccess,
  triggers: { onUpload: storageEvents, onDelete: storageEvents },
});
