import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../project.ts';
import { identityCredentials } from '../testing/identity-credentials.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { BUCKET } from './index.ts';

/*
 * defineStorage({ triggers: { onUpload, onDelete } }) on the local backend, seen through the AWS
 * SDK v3: a project (in git-ignored tmp/) whose bucket notifies two functions; each writes the
 * event it got to a file, so the test reads exactly what Lambda would have been given.
 */
const ROOT = join(REPO_ROOT, 'tmp', `storage-trigger-fixture-${process.pid}`);
const OUT = join(ROOT, 'events');

const handler = (file: string) => `
import { appendFileSync } from 'node:fs';
export const handler = async (event: { Records: { s3: { object: { key: string } } }[] }) => {
  appendFileSync(${JSON.stringify(file)}, JSON.stringify(event) + '\\n');
  // A key naming "fail" fails every time: the invoke is retried twice, then dropped.
  if (event.Records[0]!.s3.object.key.includes('fail')) throw new Error('this one fails');
};
`;

const FILES: Record<string, string> = {
  'amplify/package.json': '{ "type": "module" }',
  'amplify/auth/resource.ts': `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true }, groups: ['ADMINS', 'OPERATORS', 'VIEWERS'] });
`,
  'amplify/functions/on-upload/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const onUpload = defineFunction({ name: 'on-upload', entry: './handler.ts' });
`,
  'amplify/functions/on-upload/handler.ts': handler(join(OUT, 'uploads.ndjson')),
  'amplify/functions/on-delete/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const onDelete = defineFunction({ name: 'on-delete', entry: './handler.ts' });
`,
  'amplify/functions/on-delete/handler.ts': handler(join(OUT, 'deletes.ndjson')),
  'amplify/storage/resource.ts': `import { defineStorage } from '@aws-amplify/backend';
import { onDelete } from '../functions/on-delete/resource';
import { onUpload } from '../functions/on-upload/resource';
export const storage = defineStorage({
  name: 'triggerFiles',
  isDefault: true,
  triggers: { onUpload, onDelete },
  access: (allow) => ({ 'files/*': [allow.groups(['ADMINS']).to(['read', 'write', 'delete'])] }),
});
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
const schema = a.schema({ Note: a.model({ text: a.string() }).authorization((allow) => [allow.groups(['ADMINS'])]) });
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } });
`,
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
const backend = defineBackend({ auth, data, storage });
backend.storage.resources.cfnResources.cfnBucket.versioningConfiguration = { status: 'Enabled' };
backend.auth.resources.groups['ADMINS']!.role.attachInlinePolicy(
  new Policy(backend.storage.stack, 'AdminsVersionsPolicy', {
    statements: [
      new PolicyStatement({
        actions: ['s3:DeleteObjectVersion'],
        resources: [backend.storage.resources.bucket.arnForObjects('files/*')],
      }),
    ],
  }),
);
`,
};

interface S3Record {
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  s3: {
    s3SchemaVersion: string;
    bucket: { name: string; arn: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
}

let backend: TestBackend;
let s3: S3Client;

before(async () => {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), text);
  }
  mkdirSync(OUT, { recursive: true });
  backend = await startTestBackend({ project: ROOT });
  const admin = backend.demoAccounts.find((a) => a.group === 'ADMINS')!;
  s3 = new S3Client({
    endpoint: backend.baseUrl,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: await identityCredentials(backend, admin.email, admin.password),
  });
});

after(async () => {
  await backend?.stop();
  rmSync(ROOT, { recursive: true, force: true });
});

const received = (file: string): S3Record[] =>
  existsSync(join(OUT, file))
    ? readFileSync(join(OUT, file), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { Records: S3Record[] }).Records[0]!)
    : [];
const forKey = (records: S3Record[], key: string) => records.filter((r) => r.s3.object.key === key);

test('the synthesis wires onUpload to ObjectCreated:* and onDelete to ObjectRemoved:*', () => {
  assert.deepEqual(backend.data!.definitions.triggers!.map((t) => [t.functionName, t.events]).sort(), [
    ['on-delete', ['s3:ObjectRemoved:*']],
    ['on-upload', ['s3:ObjectCreated:*']],
  ]);
});

test('PutObject: onUpload gets the S3 event Lambda gets, after S3 has answered', async () => {
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'files/a photo (1).png', Body: 'hello' }));
  await backend.storageTriggers!.notifications.settled();
  const [r, ...more] = forKey(received('uploads.ndjson'), 'files/a+photo+%281%29.png');
  assert.equal(more.length, 0);
  assert.ok(r, 'the upload was notified');
  assert.equal(r.eventVersion, '2.1');
  assert.equal(r.eventSource, 'aws:s3');
  assert.equal(r.awsRegion, 'us-east-1');
  assert.equal(r.eventName, 'ObjectCreated:Put');
  assert.ok(Math.abs(Date.parse(r.eventTime) - Date.now()) < 60_000);
  assert.match(r.userIdentity.principalId, /^AWS:AROA[0-9A-F]{17}:CognitoIdentityCredentials$/);
  assert.equal(r.requestParameters.sourceIPAddress, '127.0.0.1');
  assert.equal(r.s3.s3SchemaVersion, '1.0');
  assert.deepEqual(r.s3.bucket, { ...r.s3.bucket, name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` });
  assert.equal(r.s3.object.size, 5);
  assert.equal(`"${r.s3.object.eTag}"`, put.ETag);
  assert.equal(r.s3.object.versionId, put.VersionId);
  assert.match(r.s3.object.sequencer, /^[0-9A-F]+$/);
  assert.equal(received('deletes.ndjson').length, 0, 'a write notifies onDelete of nothing');
});

test('CopyObject and CompleteMultipartUpload notify ObjectCreated:Copy and :CompleteMultipartUpload', async () => {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'files/source.txt', Body: 'copy me' }));
  const copy = await s3.send(
    new CopyObjectCommand({ Bucket: BUCKET, Key: 'files/copy.txt', CopySource: `${BUCKET}/files/source.txt` }),
  );
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'files/big.bin' }));
  const part = await s3.send(
    new UploadPartCommand({ Bucket: BUCKET, Key: 'files/big.bin', UploadId, PartNumber: 1, Body: 'only part' }),
  );
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: 'files/big.bin',
      UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }),
  );
  await backend.storageTriggers!.notifications.settled();
  const uploads = received('uploads.ndjson');
  const [copied] = forKey(uploads, 'files/copy.txt');
  assert.equal(copied?.eventName, 'ObjectCreated:Copy');
  assert.equal(copied?.s3.object.versionId, copy.VersionId);
  assert.equal(copied?.s3.object.size, 7);
  const [big] = forKey(uploads, 'files/big.bin');
  assert.equal(big?.eventName, 'ObjectCreated:CompleteMultipartUpload');
  assert.equal(`"${big?.s3.object.eTag}"`, done.ETag);
});

test('deletes: a delete marker, a version removed for good, DeleteObjects — in order per key', async () => {
  const first = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'files/gone.txt', Body: 'v1' }));
  const marker = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'files/gone.txt' }));
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'files/gone.txt', VersionId: first.VersionId }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'files/batch.txt', Body: 'b' }));
  await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'files/batch.txt' }] } }));
  await backend.storageTriggers!.notifications.settled();
  const deletes = received('deletes.ndjson');
  const gone = forKey(deletes, 'files/gone.txt');
  assert.deepEqual(
    gone.map((r) => [r.eventName, r.s3.object.versionId]),
    [
      ['ObjectRemoved:DeleteMarkerCreated', marker.VersionId],
      ['ObjectRemoved:Delete', first.VersionId],
    ],
  );
  assert.ok(gone[0]!.s3.object.sequencer < gone[1]!.s3.object.sequencer, 'the sequencer grows with each event');
  assert.equal(gone[0]!.s3.object.size, undefined, 'a removal carries no size');
  assert.deepEqual(
    forKey(deletes, 'files/batch.txt').map((r) => r.eventName),
    ['ObjectRemoved:DeleteMarkerCreated'],
  );
  assert.equal(forKey(received('uploads.ndjson'), 'files/gone.txt').length, 1, 'uploads only to onUpload');
});

test('a failing trigger is retried twice (three attempts), and the S3 answer never waits for it', async () => {
  const started = Date.now();
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'files/fail.txt', Body: 'x' }));
  assert.ok(Date.now() - started < 1_000, 'PutObject answered before the retries');
  await backend.storageTriggers!.notifications.settled();
  const attempts = forKey(received('uploads.ndjson'), 'files/fail.txt');
  assert.equal(attempts.length, 3);
  assert.equal(new Set(attempts.map((a) => a.s3.object.sequencer)).size, 1, 'the same event each time');
});
