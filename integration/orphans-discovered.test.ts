// The orphan report and clean-up on a backend the console was not written for: examples/storefront
// served by the local backend (its own seed), its file fields and storage prefixes found by
// discovery, scanned with the real aws-amplify client. The report holds exactly what the test
// plants across every prefix (an owner folder too); a field holding bare file names makes the
// clean-up refuse and say why, and nothing is deleted.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Injector } from '@angular/core';
import { asyncScheduler, filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { startLocalBackend, type RunningBackend } from '../local-backend/local-backend.ts';
import { createLogger } from '../local-backend/log.ts';
import { REPO_ROOT } from '../local-backend/project.ts';
import { readDefinitionsAsProps } from '../local-backend/props-hook.ts';
import { testBackendOptions } from '../local-backend/testing/backend-options.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { discoverFileFields } from '../src/app/discovery/discover-file-fields.ts';
import { cleanupBlockers, type Discovery } from '../src/app/discovery/discovery-result.ts';
import { readIntrospection } from '../src/app/discovery/model-introspection.ts';
import { permissionsFor } from '../src/app/discovery/model-permissions.ts';
import { storageAccessFor } from '../src/app/discovery/storage-access.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import type { Job } from '../src/app/jobs/job.ts';
import { amplifyScanSources as sources } from '../src/app/orphans/amplify-scan-sources.ts';
import { deleteOrphan } from '../src/app/orphans/cleanup.ts';
import { cleanupRefusals } from '../src/app/orphans/cleanup-refusals.ts';
import type { ScanReport } from '../src/app/orphans/orphan-report.ts';
import { scanOrphans } from '../src/app/orphans/scan.ts';
import { scanPlan } from '../src/app/orphans/scan-plan.ts';
import { type Account, signInAs } from './local-backend.ts';

readDefinitionsAsProps();
const EXAMPLE = join(REPO_ROOT, 'examples', 'storefront');
const MANAGER: Account = { email: 'manager@storefront.example', password: 'Store-Manager-2026' };
const STAFF: Account = { email: 'staff@storefront.example', password: 'Store-Staff-2026' };
const ALEX: Account = { email: 'alex@storefront.example', password: 'Store-Alex-2026' };

const dataDir = mkdtempSync(join(tmpdir(), 'orphans-storefront-'));
let backend: RunningBackend;
let auth: typeof import('aws-amplify/auth');
let storage: typeof import('aws-amplify/storage');
interface ModelApi {
  list(o: { limit: number }): Promise<{ data: Record<string, unknown>[] }>;
  create(input: Record<string, unknown>): Promise<{ data: Record<string, unknown> | null; errors?: unknown[] }>;
}
let models: Record<string, ModelApi>;

async function start(): Promise<RunningBackend> {
  const options = testBackendOptions(dataDir, { project: EXAMPLE, port: 20005, seed: true, logLevel: 'warn' });
  // Another suite may hold the port a while.
  for (let attempt = 0; ; attempt++) {
    try {
      return await startLocalBackend(options, createLogger('warn'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 90) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Discovery as the console runs it: the outputs and up to 20 records of each model, read by `account`. */
async function discover(): Promise<Discovery> {
  const sample: Record<string, Record<string, unknown>[]> = {};
  for (const name of Object.keys(readIntrospection(backend.outputs)!.models)) {
    sample[name] = (await models[name]!.list({ limit: 20 })).data;
  }
  return discoverFileFields(backend.outputs, sample);
}

async function scanAs(groups: string[], discovery: Discovery): Promise<ScanReport> {
  const identityId = (await auth.fetchAuthSession()).identityId;
  const introspection = readIntrospection(backend.outputs)!;
  const plan = scanPlan(
    discovery,
    (p) => storageAccessFor(p, groups, identityId),
    (model) => permissionsFor(model, groups, introspection),
  );
  const last = await lastValueFrom(scanOrphans(sources, plan, { graceMs: 3_600_000, now: () => new Date() }));
  assert.equal(last.type, 'done');
  return last.report;
}

async function upload(path: string, contentType = 'image/png'): Promise<string> {
  return (await storage.uploadData({ path, data: new Uint8Array(256).fill(7), options: { contentType } }).result).path;
}

async function create(model: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await models[model]!.create(input);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!;
}

function runner(): JobRunner {
  return Injector.create({
    providers: [
      JobRunner,
      { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
    ],
  }).get(JobRunner);
}

async function finished<T>(job: Job<T>) {
  await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
  return job.results();
}

const storedKeys = () =>
  backend
    .storage!.store.list('', '', 10_000)
    .map((o) => o.key)
    .sort();
const sorted = (xs: Iterable<string>) => [...xs].sort();

before(async () => {
  backend = await start();
  const { Amplify } = await import('aws-amplify');
  auth = await import('aws-amplify/auth');
  storage = await import('aws-amplify/storage');
  const data = await import('aws-amplify/data');
  Amplify.configure(toResourcesConfig(backend.outputs));
  models = (data.generateClient() as unknown as { models: Record<string, ModelApi> }).models;
});

after(async () => {
  await auth?.signOut().catch(() => undefined);
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the orphan report on the example app's models", () => {
  test('covers every file field and prefix with exactly the planted orphans, dangling references and shared files', async () => {
    await signInAs(auth, MANAGER);
    const discovery = await discover();
    assert.deepEqual(cleanupBlockers(discovery), []);
    const seeded = new Set(storedKeys());
    // A product with photos (the listing's order is the table's, not the seed's).
    const products = (await models['Product']!.list({ limit: 20 })).data as { id: string; imageKeys?: string[] }[];
    const product = products.find((p) => p.imageKeys?.length) as { id: string; imageKeys: string[] } | undefined;

    // Orphans under every prefix: a manual of no product, a photo its product no longer lists, a
    // gallery shot, and a file in an employee's own folder (written by that employee).
    const orphans = [
      await upload(`manuals/${randomUUID()}/old-manual.pdf`, 'application/pdf'),
      await upload(`products/${product!.id}/left-behind.png`),
      await upload(`galleries/${randomUUID()}/unused.png`),
    ];
    // Dangling: a product whose manual was never uploaded, a gallery missing one of its photos.
    const missingManual = `manuals/${randomUUID()}/missing.pdf`;
    const missingShot = `galleries/${randomUUID()}/gone.png`;
    const dangling = await create('Product', { name: 'Lost manual', sku: 'LM-1', manualPath: missingManual });
    const shared = product!.imageKeys[0]!;
    const gallery = await create('Gallery', { title: 'Mixed', photoPaths: [shared, missingShot] });
    await signInAs(auth, ALEX);
    const { identityId } = await auth.fetchAuthSession();
    orphans.push(await upload(`avatars/${identityId}/old-avatar.png`));

    await signInAs(auth, MANAGER);
    const report = await scanAs(['Managers'], discovery);
    assert.deepEqual(
      report.prefixes.map((p) => `${p.pattern} ${p.fields.join()}`),
      [
        'manuals/* Product.manualPath',
        'avatars/{entity_id}/* Employee.avatarPath',
        'products/* Product.imageKeys',
        'galleries/* Gallery.photoPaths',
      ],
    );
    assert.deepEqual(sorted(report.orphans.map((o) => o.path)), sorted(orphans));
    assert.deepEqual(sorted(report.orphans.map((o) => o.prefix)), ['avatars/', 'galleries/', 'manuals/', 'products/']);
    assert.deepEqual(report.orphans.find((o) => o.prefix === 'products/')!.owner, {
      id: product!.id,
      model: 'Product',
      exists: true,
    });
    assert.ok(
      report.orphans.every((o) => o.young),
      'just uploaded: inside the grace period',
    );
    assert.deepEqual(
      sorted(report.dangling.map((d) => `${d.model}.${d.field} ${d.id} ${d.path}`)),
      sorted([
        `Product.manualPath ${dangling['id']} ${missingManual}`,
        `Gallery.photoPaths ${gallery['id']} ${missingShot}`,
      ]),
    );
    assert.deepEqual(
      report.shared.map((s) => [s.path, s.refs.map((r) => `${r.model}.${r.field}`).sort()]),
      [[shared, ['Gallery.photoPaths', 'Product.imageKeys']]],
    );
    assert.deepEqual(report.totals.records, { Product: 6, Gallery: 3, Employee: 2 });
    assert.equal(report.totals.files, seeded.size + orphans.length);
    assert.deepEqual(report.unlisted, []);
    assert.deepEqual(cleanupRefusals(discovery, report), []);

    // Staff cannot list the owner folders nor read every Employee: the report says both, and no
    // avatar is called dangling.
    await signInAs(auth, STAFF);
    const staffReport = await scanAs(['Staff'], discovery);
    assert.deepEqual(
      staffReport.unlisted.map((u) => u.pattern),
      ['avatars/{entity_id}/*'],
    );
    assert.match(staffReport.unlisted[0]!.reason, /one folder per user/);
    assert.ok(staffReport.dangling.every((d) => d.model !== 'Employee'));
    assert.deepEqual(
      staffReport.unread.map((u) => `${u.model}.${u.field}`),
      ['Employee.avatarPath'],
    );
    assert.deepEqual(
      sorted(staffReport.orphans.map((o) => o.path)),
      sorted(orphans.filter((o) => !o.startsWith('avatars/'))),
    );

    // Past the grace period the manager cleans them up, and a rescan finds none.
    await signInAs(auth, MANAGER);
    const deletion = runner().start({
      title: 'orphans',
      items: report.orphans,
      label: (o) => o.path,
      operation: deleteOrphan(sources, scanPlan(discovery, () => undefined).fields, {
        graceMs: 0,
        now: () => new Date(),
        refusals: cleanupRefusals(discovery, report),
      }),
    });
    assert.deepEqual(
      (await finished(deletion)).map((r) => r.status),
      orphans.map(() => 'ok'),
    );
    assert.deepEqual((await scanAs(['Managers'], discovery)).orphans, []);
    assert.deepEqual(storedKeys(), sorted(seeded));
  });

  test('refuses to clean up while a field holds bare file names, says why, and deletes nothing', async () => {
    // As Amplify's tutorials do: upload to one's own folder, keep only the file name in the record.
    await signInAs(auth, ALEX);
    const { identityId } = await auth.fetchAuthSession();
    const names = ['portrait.png', 'badge.png', 'team-day.png'];
    for (const name of names) {
      await upload(`avatars/${identityId}/${name}`);
      await create('Employee', { displayName: `Alex ${name}`, department: 'Sales', avatarPath: name });
    }

    await signInAs(auth, MANAGER);
    const discovery = await discover();
    const avatar = discovery.models.find((m) => m.name === 'Employee')!.fileFields[0]!;
    assert.equal(avatar.status, 'unresolved');
    assert.equal(cleanupBlockers(discovery).length, 1);

    const report = await scanAs(['Managers'], discovery);
    const lookOrphaned = names.map((n) => `avatars/${identityId}/${n}`);
    for (const path of lookOrphaned)
      assert.ok(
        report.orphans.some((o) => o.path === path),
        `${path} looks orphaned`,
      );
    const refusals = cleanupRefusals(discovery, report);
    assert.deepEqual(
      refusals.map((r) => r.stops),
      [{ kind: 'all' }],
    );
    assert.equal(
      refusals[0]!.message,
      'Employee.avatarPath holds values that do not lead to stored files: 2 of 5 sampled values (40%) resolved to storage paths. ' +
        'Every file it refers to would look orphaned, and cleaning them up would delete files that are in use.',
    );
    assert.match(refusals[0]!.fix, /Store the `path` that uploadData returns/);

    const before = storedKeys();
    const deletion = runner().start({
      title: 'orphans',
      items: report.orphans,
      label: (o) => o.path,
      operation: deleteOrphan(sources, scanPlan(discovery, () => undefined).fields, {
        graceMs: 0,
        now: () => new Date(),
        refusals,
      }),
    });
    const results = await finished(deletion);
    assert.ok(results.length >= names.length);
    assert.ok(results.every((r) => r.status === 'failed' && /^Clean-up refused: Employee\.avatarPath/.test(r.reason!)));
    assert.deepEqual(storedKeys(), before, 'nothing deleted');
  });
});
