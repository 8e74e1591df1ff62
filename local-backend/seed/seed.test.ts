import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { list, remove, uploadData } from 'aws-amplify/storage';
import type { Schema } from '../../examples/storefront/amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { startLocalBackend, type RunningBackend } from '../local-backend.ts';
import { createLogger } from '../log.ts';
import { REPO_ROOT } from '../project.ts';
import { readDefinitionsAsProps } from '../props-hook.ts';
import { testBackendOptions } from '../testing/backend-options.ts';
import { DEMO_ACCOUNTS, demoPlan } from './demo-plan.ts';
import { SEED_AGE_MS } from './run-seed.ts';

/*
 * A project's amplify/seed/seed.ts run on a first start, through the real clients, against the
 * local backend on port 20005 (the only one the Storage client reaches): the example app's, and
 * this repository's (in a copy, so the repository's own amplify_outputs.json is left alone).
 */
readDefinitionsAsProps();
const EXAMPLE = join(REPO_ROOT, 'examples', 'storefront');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function start(project: string, dataDir: string, lines: string[] = []): Promise<RunningBackend> {
  const options = testBackendOptions(dataDir, { project, port: 20005, seed: true, logLevel: 'info' });
  // Another suite may hold the port a while.
  for (let attempt = 0; ; attempt++) {
    try {
      const backend = await startLocalBackend(
        options,
        createLogger('info', (line) => lines.push(line)),
      );
      Amplify.configure(toResourcesConfig(backend.outputs));
      return backend;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 60) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function as(email: string, password: string): Promise<void> {
  await signOut().catch(() => undefined);
  await signIn({ username: email, password });
}

describe('the example project, served with --project', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-example-'));
  dirs.push(dataDir);

  test('serves its models, its storage rules and its seed, made once', async () => {
    const firstLog: string[] = [];
    let backend = await start(EXAMPLE, dataDir, firstLog);
    try {
      assert.ok(firstLog.some((l) => l.includes('Seeding: running examples/storefront/amplify/seed/seed.ts')));
      assert.deepEqual(
        backend.demoAccounts.map((a) => `${a.email} ${a.group}`),
        [
          'manager@storefront.example Managers',
          'staff@storefront.example Staff',
          'auditor@storefront.example Auditors',
          'alex@storefront.example ',
          'sam@storefront.example ',
        ],
      );
      assert.deepEqual(
        Object.keys(
          (backend.outputs['data'] as { model_introspection: { models: object } }).model_introspection.models,
        ),
        ['Product', 'Gallery', 'Employee'],
      );

      await as('auditor@storefront.example', 'Store-Auditor-2026');
      const client = generateClient<Schema>();
      const products = await client.models.Product.list();
      assert.equal(products.errors, undefined);
      assert.equal(products.data.length, 5);
      const manuals = products.data.flatMap((p) => (p.manualPath ? [p.manualPath] : []));
      assert.equal(manuals.length, 3);
      assert.ok(
        manuals.every((m) => /^manuals\/[\w-]+\/[\w-]+-manual\.pdf$/.test(m)),
        manuals.join(),
      );
      const employees = await client.models.Employee.list();
      assert.deepEqual(employees.data.map((e) => e.department).sort(), ['Sales', 'Warehouse']);
      assert.ok(employees.data.every((e) => /^avatars\/us-east-1:[\w-]+\/avatar\.png$/.test(String(e.avatarPath))));

      // Auditors read manuals but no avatar folder; Staff may write manuals but not delete them.
      assert.ok((await list({ path: 'manuals/' })).items.length >= 3);
      await assert.rejects(list({ path: 'avatars/' }), { name: 'AccessDenied' });
      await as('staff@storefront.example', 'Store-Staff-2026');
      await uploadData({ path: 'manuals/new/spec.pdf', data: 'x', options: { contentType: 'application/pdf' } }).result;
      await assert.rejects(remove({ path: manuals[0]! }).result, { name: 'AccessDenied' });
      await signOut();

      const objects = backend.storage!.store.list('', '', 1000);
      const seeded = objects.filter((o) => o.key !== 'manuals/new/spec.pdf');
      assert.ok(seeded.length >= 15);
      assert.ok(
        seeded.every((o) => o.lastModified.getTime() <= Date.now() - SEED_AGE_MS + 60_000),
        'what the seed uploaded is dated back',
      );
    } finally {
      await backend.close();
    }
    assert.ok(existsSync(join(dataDir, 'seeded')));

    const secondLog: string[] = [];
    backend = await start(EXAMPLE, dataDir, secondLog);
    try {
      assert.equal(secondLog.filter((l) => l.includes('Seeding')).length, 0, 'a second start does not seed again');
      assert.equal(backend.demoAccounts.length, 5, 'the accounts are still printed');
      assert.equal(backend.identityService.store.listUsers().length, 5);
    } finally {
      await backend.close();
    }
  });
});

describe("this repository's amplify/seed/seed.ts", () => {
  test('makes the world the tests plant: users in their groups, songs, albums and files', async () => {
    // A copy of amplify/ inside the repository (so its imports resolve), with outputs of its own.
    const copy = join(REPO_ROOT, 'node_modules', '.cache', `seed-test-${process.pid}`);
    dirs.push(copy);
    mkdirSync(copy, { recursive: true });
    cpSync(join(REPO_ROOT, 'amplify'), join(copy, 'amplify'), { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'seed-repo-'));
    dirs.push(dataDir);
    const backend = await start(copy, dataDir);
    try {
      const plan = demoPlan();
      assert.deepEqual(
        backend.identityService.store.listUsers().map((u) => `${u.email} ${u.groups.join()}`),
        DEMO_ACCOUNTS.map((a) => `${a.email} ${a.group}`).sort(),
      );
      const records = (model: string) =>
        backend
          .data!.store.page(model, null, 1000)
          .map(({ item }) => JSON.stringify([item['id'], item['name'], item['coverArtPath'] ?? item['imagePaths']]))
          .sort();
      assert.deepEqual(records('Song'), plan.songs.map((s) => JSON.stringify([s.id, s.name, s.coverArtPath])).sort());
      assert.deepEqual(
        records('PhotoAlbum'),
        plan.albums.map((a) => JSON.stringify([a.id, a.name, a.imagePaths])).sort(),
      );
      const keys = backend.storage!.store.list('', '', 1000).map((o) => o.key);
      assert.deepEqual(keys, plan.files.map((f) => f.key).sort());
      for (const key of [...plan.orphans]) assert.ok(keys.includes(key), `orphan ${key} uploaded`);
      for (const key of plan.dangling) assert.ok(!keys.includes(key), `dangling ${key} never uploaded`);
    } finally {
      await backend.close();
    }
  });
});
