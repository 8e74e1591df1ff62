import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { startLocalBackend } from '../local-backend.ts';
import { createLogger } from '../log.ts';
import { readDefinitionsAsProps } from '../props-hook.ts';
import { testBackendOptions } from '../testing/backend-options.ts';

test('a seed run against a backend on another port than 20005 uploads into that backend', async () => {
  readDefinitionsAsProps();
  const root = mkdtempSync(join(tmpdir(), 'seed-upload-app-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-upload-data-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('amplify/package.json', '{ "type": "module" }');
  write(
    'amplify/backend.ts',
    [
      "import { defineBackend } from '@aws-amplify/backend';",
      "import { auth } from './auth/resource';",
      "import { storage } from './storage/resource';",
      'defineBackend({ auth, storage });',
    ].join('\n'),
  );
  write(
    'amplify/auth/resource.ts',
    "import { defineAuth } from '@aws-amplify/backend';\nexport const auth = defineAuth({ loginWith: { email: true }, groups: ['Editors'] });\n",
  );
  write(
    'amplify/storage/resource.ts',
    [
      "import { defineStorage } from '@aws-amplify/backend';",
      'export const storage = defineStorage({',
      "  name: 'notes',",
      "  access: (allow) => ({ 'notes/*': [allow.groups(['Editors']).to(['read', 'write', 'delete'])] }),",
      '});',
    ].join('\n'),
  );
  write(
    'amplify/seed/seed.ts',
    [
      "import { readFile } from 'node:fs/promises';",
      "import { addToUserGroup, createAndSignUpUser, signInUser } from '@aws-amplify/seed';",
      "import { Amplify } from 'aws-amplify';",
      "import { uploadData } from 'aws-amplify/storage';",
      "Amplify.configure(JSON.parse(await readFile(new URL('../../amplify_outputs.json', import.meta.url), 'utf8')));",
      "await createAndSignUpUser({ username: 'ed@example.com', password: 'Editor-Pass-2026', signInAfterCreation: false, signInFlow: 'Password' });",
      "await addToUserGroup({ username: 'ed@example.com' }, 'Editors');",
      "await signInUser({ username: 'ed@example.com', password: 'Editor-Pass-2026', signInFlow: 'Password' });",
      "await uploadData({ path: 'notes/first.txt', data: 'Fünf Notizen…', options: { contentType: 'text/plain' } }).result;",
    ].join('\n'),
  );
  const backend = await startLocalBackend(
    testBackendOptions(dataDir, { project: root, seed: true }),
    createLogger('error'),
  );
  try {
    assert.doesNotMatch(backend.baseUrl, /:20005$/);
    const stored = backend.storage?.store.list('notes/', '', 10) ?? [];
    assert.deepEqual(
      stored.map((o) => o.key),
      ['notes/first.txt'],
    );
    assert.equal(readFileSync(backend.storage!.store.path(stored[0]!), 'utf8'), 'Fünf Notizen…');
  } finally {
    await backend.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
