import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditInputOf } from '../../amplify/functions/storage-events/storage-event.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { BUCKET } from '../storage/index.ts';
import { identityCredentials } from '../testing/identity-credentials.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { allowsGraphql } from './function-api-roles.ts';
import { accessToken, gql } from './testing.ts';

/*
 * This repository's storage trigger (amplify/functions/storage-events): an object written or
 * removed with the AWS SDK, outside the console, is in the audit trail, recorded by the function
 * with its own role, which may create audit events and do nothing else.
 */
const [ADMIN, OPERATOR] = DEMO_ACCOUNTS;
let backend: TestBackend;
let s3: S3Client;

before(async () => {
  backend = await startTestBackend();
  s3 = new S3Client({
    endpoint: backend.baseUrl,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: await identityCredentials(backend, ADMIN.email, ADMIN.password),
  });
});

after(async () => {
  await backend?.stop();
});

const EVENTS = `query ($filter: ModelAuditEventFilterInput) {
  listAuditEventsByTime(feed: "all", filter: $filter, sortDirection: ASC, limit: 100) {
    items { id at actor action model recordId paths after result }
  }
}`;

async function eventsFor(key: string, who = ADMIN) {
  const token = await accessToken(backend, who.email, who.password);
  const res = await gql(backend, { token }, EVENTS, { filter: { paths: { contains: key } } });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const page = res.body.data!['listAuditEventsByTime'] as { items: Record<string, unknown>[] };
  return page.items;
}

test('a file written then deleted with the AWS SDK is recorded twice, as storage events with S3’s details', async () => {
  const key = `images/outside-${Date.now()}/a b.png`;
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'outside' }));
  const removed = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  await backend.storageTriggers!.notifications.settled();
  const events = await eventsFor(key);
  assert.deepEqual(
    events.map((e) => [e.action, JSON.parse(String(e.paths)), e.result]),
    [
      ['storage_write', [key], 'ObjectCreated:Put'],
      ['storage_remove', [key], 'ObjectRemoved:DeleteMarkerCreated'],
    ],
  );
  const [written, deleted] = events.map((e) => ({
    actor: String(e['actor']),
    model: e['model'],
    after: JSON.parse(String(e['after'])) as Record<string, unknown>,
  }));
  assert.match(written!.actor, /^storage::AWS:AROA[0-9A-F]{17}:CognitoIdentityCredentials$/);
  assert.equal(written!.model, null);
  assert.deepEqual(written!.after, {
    eventName: 'ObjectCreated:Put',
    principalId: written!.actor.slice('storage::'.length),
    versionId: put.VersionId,
    size: 7,
    eTag: put.ETag!.replaceAll('"', ''),
    sourceIPAddress: '127.0.0.1',
  });
  assert.equal(deleted!.after['versionId'], removed.VersionId, 'the delete marker’s version');
});

test('storage events are for ADMINS: an operator’s list does not hold them', async () => {
  const key = `images/operator-view-${Date.now()}.png`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
  await backend.storageTriggers!.notifications.settled();
  assert.equal((await eventsFor(key)).length, 1);
  assert.equal((await eventsFor(key, OPERATOR)).length, 0);
});

test('an event record becomes one audit event: the key decoded, the id from the event, reports/ left out', () => {
  const record = {
    eventTime: '2026-12-06T07:00:00.000Z',
    eventName: 'ObjectRemoved:Delete',
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:someone' },
    s3: { bucket: { name: BUCKET }, object: { key: 'images/x/a+b%28c%29.png', sequencer: '00AB' } },
  };
  const input = auditInputOf(record)!;
  assert.deepEqual(JSON.parse(input.paths), ['images/x/a b(c).png']);
  assert.equal(input.action, 'storage_remove');
  assert.equal(input.actor, 'storage::AWS:AROAEXAMPLE:someone');
  assert.equal(auditInputOf(record)!.id, input.id, 'a retried delivery has the same id');
  assert.notEqual(auditInputOf({ ...record, eventName: 'ObjectCreated:Put' })!.id, input.id);
  const report = { ...record, s3: { ...record.s3, object: { key: 'reports/run-1/summary.json', sequencer: '01' } } };
  assert.equal(auditInputOf(report), undefined, 'the orphan scan’s own output');
});

test('no function’s role may change or remove an audit event (every role the schema grants mutations)', () => {
  const roles = backend.data!.definitions.functions!.filter((f) => f.graphqlGrants?.statements.length);
  assert.deepEqual(roles.map((f) => f.name).sort(), ['orphan-scan', 'storage-events']);
  for (const fn of roles) {
    for (const field of ['updateAuditEvent', 'deleteAuditEvent']) {
      assert.equal(allowsGraphql(fn.graphqlGrants!.statements, 'Mutation', field), false, `${fn.name}: ${field}`);
    }
  }
  const scan = roles.find((f) => f.name === 'orphan-scan')!.graphqlGrants!.statements;
  assert.equal(allowsGraphql(scan, 'Mutation', 'updateScanRun'), true, 'the scan still records its runs');
});

test('the trigger’s role may create audit events and nothing else (its synthesized statements)', () => {
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'storage-events');
  const statements = fn?.graphqlGrants?.statements ?? [];
  assert.equal(allowsGraphql(statements, 'Mutation', 'createAuditEvent'), true);
  for (const field of ['updateAuditEvent', 'deleteAuditEvent', 'deleteSong', 'createScanRun']) {
    assert.equal(allowsGraphql(statements, 'Mutation', field), false, field);
  }
  assert.equal(allowsGraphql(statements, 'Query', 'listAuditEvents'), false);
  assert.deepEqual(
    backend.data!.definitions.triggers!.filter((t) => t.functionName === 'storage-events').map((t) => t.events),
    [['s3:ObjectCreated:*'], ['s3:ObjectRemoved:*']],
  );
});
