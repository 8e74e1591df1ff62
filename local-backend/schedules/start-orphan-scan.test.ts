/**
 * startOrphanScan: the custom mutation whose handler is the orphan-scan function invoked
 * asynchronously (a.handler.function(fn).async()). AppSync answers { success: true } at once and
 * the function runs on; ADMINS and OPERATORS may start it, VIEWERS are refused. A run started this
 * way names its caller by email (looked up with AdminGetUser: the access token has none); a
 * scheduled one names the schedule. Each is recorded, through the data API
 * with the function's role, as a ScanRun that reaches `done` with the report's counts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import type { OrphanScanSummary } from '../../amplify/functions/orphan-scan/handler.ts';
import { startedByOf } from '../../amplify/functions/orphan-scan/started-by.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
const client = generateClient<Schema>();
let backend: TestBackend;

async function as(account: { email: string; password: string }) {
  await signOut().catch(() => undefined);
  await signIn({ username: account.email, password: account.password });
}

function latest(): OrphanScanSummary | undefined {
  const objects = backend.storage!.store;
  const meta = objects.head('reports/latest.json');
  return meta ? (JSON.parse(readFileSync(objects.path(meta), 'utf8')) as OrphanScanSummary) : undefined;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The ScanRun the data API holds for a run, as every group reads it. */
async function runRecord(runId: string) {
  const { data, errors } = await client.models.ScanRun.get({ id: runId });
  assert.equal(errors, undefined);
  return data;
}

const runs: { summary: OrphanScanSummary; startedBy: string }[] = [];

before(async () => {
  backend = await startTestBackend({ logLevel: 'error' });
  Amplify.configure(toResourcesConfig(backend.outputs));
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

test('the synthesis reads startOrphanScan as an Event (async) invocation of orphan-scan for ADMINS and OPERATORS', () => {
  const op = backend.data!.definitions.customOperations!.find((o) => o.fieldName === 'startOrphanScan');
  assert.deepEqual(op, {
    typeName: 'Mutation',
    fieldName: 'startOrphanScan',
    functionName: 'orphan-scan',
    rules: [{ allow: 'groups', groups: ['ADMINS', 'OPERATORS'] }],
    invocationType: 'Event',
  });
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
  // Its storage grants live in the storage stack, naming its role (in the data stack) through a parameter.
  const grants = fn.bucketGrants ?? [];
  assert.deepEqual([...new Set(grants.flatMap((g) => g.keys))].sort(), ['', 'images/*', 'reports/*']);
  const on = (key: string) => new Set(grants.filter((g) => g.keys.includes(key)).flatMap((g) => g.actions));
  assert.ok(on('reports/*').has('s3:PutObject'));
  assert.ok(!on('images/*').has('s3:PutObject'));
  // It may look a starter up in the user pool, and do nothing else there.
  assert.deepEqual(fn.userPoolActions, ['cognito-idp:AdminGetUser']);
});

test('VIEWERS may not start a scan: Unauthorized, and no run starts', async () => {
  await as(VIEWER);
  const before = latest()?.runId;
  const { data, errors } = await client.mutations.startOrphanScan();
  assert.equal(data, null);
  assert.equal(errors?.[0]?.errorType, 'Unauthorized');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(latest()?.runId, before);
});

for (const account of [OPERATOR, ADMIN]) {
  test(`${account.email} starts a scan: the call answers at once and the run that follows names them by email`, async () => {
    await as(account);
    const { username } = await getCurrentUser();
    assert.notEqual(username, account.email, 'the token names an opaque username, not the email');
    const previous = latest()?.runId;
    const started = Date.now();
    const { data, errors } = await client.mutations.startOrphanScan();
    assert.equal(errors, undefined);
    assert.deepEqual(data, { success: true });
    assert.ok(Date.now() - started < 5_000, 'the mutation does not wait for the scan');

    const summary = await until('the run started by the mutation', () => {
      const s = latest();
      return s && s.runId !== previous ? s : undefined;
    });
    assert.equal(summary.startedBy, account.email);
    assert.ok(summary.totals.files > 0);
    runs.push({ summary, startedBy: account.email });
  });
}

test('a scheduled run names the schedule', async () => {
  const [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.equal(summary?.startedBy, 'schedule');
  runs.push({ summary, startedBy: 'schedule' });
});

test('each run, on demand or scheduled, is a ScanRun every group reads, done with the report counts', async () => {
  assert.equal(runs.length, 3);
  await as(VIEWER);
  for (const { summary, startedBy } of runs) {
    const run = await until(
      `run ${summary.runId} to be done`,
      async () => {
        const r = await runRecord(summary.runId);
        return r?.status === 'done' ? r : undefined;
      },
      5_000,
    );
    assert.equal(run.startedBy, startedBy);
    assert.equal(run.orphans, summary.totals.orphaned);
    assert.equal(run.dangling, summary.totals.dangling);
    assert.equal(run.shared, summary.totals.shared);
    assert.equal(run.objectsListed, summary.totals.files);
    assert.deepEqual(JSON.parse(run.report as string), {
      prefix: summary.reportPrefix,
      summaryKey: `${summary.reportPrefix}summary.json`,
    });
  }
});

test('a starter the role may not look up is recorded by username, with the reason logged; granted, by email', async () => {
  await as(ADMIN);
  const { username } = await getCurrentUser();
  const poolId = (backend.outputs.auth as { user_pool_id: string }).user_pool_id;
  const event = { identity: { username, issuer: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}` } };
  const saved = { ...process.env };
  const roleEnv = (actions: string[]) => {
    const creds = backend.identityService.admin.issueRoleCredentials('orphan-scan-role/orphan-scan', actions);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${backend.baseUrl}/cognito-idp`,
    });
  };
  try {
    roleEnv([]);
    const logged: string[] = [];
    assert.equal(await startedByOf(event, undefined, (m) => logged.push(m)), username);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /not authorized to perform: cognito-idp:AdminGetUser/);
    roleEnv(['cognito-idp:AdminGetUser']);
    assert.equal(await startedByOf(event), ADMIN.email);
  } finally {
    process.env = saved;
  }
});

test('no group may write a ScanRun: only the function records runs', async () => {
  await as(ADMIN);
  const { data, errors } = await client.models.ScanRun.create({
    feed: 'all',
    startedAt: new Date().toISOString(),
    startedBy: 'forged',
    status: 'done',
  });
  assert.equal(data, null);
  assert.equal(errors?.[0]?.errorType, 'Unauthorized');
});
