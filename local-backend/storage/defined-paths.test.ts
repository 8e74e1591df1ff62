import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definedPaths } from '../../amplify/storage/defined-paths.ts';
import { storageAccess } from '../../amplify/storage/resource.ts';

// The ADMINS restore grants follow these paths (amplify/backend.ts).
test('definedPaths reads every path of the storage definition', () => {
  assert.deepEqual(definedPaths(storageAccess), ['images/*', 'reports/*']);
});

test('definedPaths accepts every kind of rule and writes {entity_id} as IAM does', () => {
  const paths = definedPaths((allow) => ({
    'media/{entity_id}/*': [allow.entity('identity').to(['read', 'write', 'delete']), allow.authenticated.to(['read'])],
    'public/*': [allow.guest.to(['read']), allow.groups(['A']).to(['read'])],
  }));
  assert.deepEqual(paths, ['media/*/*', 'public/*']);
});
