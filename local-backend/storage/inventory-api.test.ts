import {
  DeleteBucketInventoryConfigurationCommand,
  GetBucketInventoryConfigurationCommand,
  GetObjectCommand,
  ListBucketInventoryConfigurationsCommand,
  PutBucketInventoryConfigurationCommand,
  PutObjectCommand,
  S3Client,
  type InventoryConfiguration as SdkInventory,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from './index.ts';
import type { InventoryConfiguration } from './inventory-config.ts';
import { errorCode, fakeIdentity, s3Request, startStorage, type Creds } from './testing.ts';

// The S3 Inventory configuration API through the AWS SDK v3: Put/Get/List/Delete in S3's shapes and
// errors, judged by the role statements synthesized for the bucket, and a Put changes what the
// next report is.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const viewer = issue('viewer', ['VIEWERS']);
const operator = issue('operator', ['OPERATORS']);
const FROM_TEMPLATE: InventoryConfiguration = {
  id: 'files-daily',
  enabled: true,
  prefix: 'images/',
  includedVersions: 'Current',
  frequency: 'Daily',
  fields: ['Size', 'LastModifiedDate', 'ETag'],
  format: 'CSV',
  toThisBucket: true,
  destinationPrefix: 'reports/inventory',
};
const ARN = `arn:aws:s3:::${BUCKET}`;

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
const clients: S3Client[] = [];
const client = (creds: Creds) => {
  const c = new S3Client({
    endpoint: running.base,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inventory-api-'));
  running = await startStorage(dataDir, identity, 0, {
    bucket: {
      friendlyName: 'files',
      versioning: 'Enabled',
      lifecycle: [],
      // As a project would grant them in backend.ts (Amplify grants neither to any role).
      grants: [
        {
          role: 'group:ADMINS',
          effect: 'Allow',
          actions: ['s3:GetInventoryConfiguration', 's3:PutInventoryConfiguration'],
          resources: [''],
        },
        { role: 'group:VIEWERS', effect: 'Allow', actions: ['s3:GetInventoryConfiguration'], resources: [''] },
      ],
      inventory: [FROM_TEMPLATE],
    },
  });
  s3 = client(admin);
  for (const key of ['images/a.png', 'images/b.png', 'images/1/c.txt']) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
  }
});
after(async () => {
  for (const c of clients) c.destroy();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const refused = (promise: Promise<unknown>, name: string, status: number) =>
  assert.rejects(promise, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    return true;
  });

const weekly = (id: string, overrides: Partial<SdkInventory> = {}): SdkInventory => ({
  Id: id,
  IsEnabled: true,
  IncludedObjectVersions: 'All',
  Schedule: { Frequency: 'Weekly' },
  OptionalFields: ['Size', 'ETag'],
  Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV', Prefix: 'reports/weekly' } },
  ...overrides,
});

const manifestOf = async (key: string) =>
  JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString()) as {
    fileSchema: string;
  };

describe('Get and List', () => {
  test("the synthesized configuration is the bucket's", async () => {
    const got = await s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'files-daily' }));
    assert.deepEqual(got.InventoryConfiguration, {
      Id: 'files-daily',
      IsEnabled: true,
      IncludedObjectVersions: 'Current',
      Filter: { Prefix: 'images/' },
      Schedule: { Frequency: 'Daily' },
      OptionalFields: ['Size', 'LastModifiedDate', 'ETag'],
      Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV', Prefix: 'reports/inventory' } },
    });
    const listed = await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET }));
    assert.deepEqual(
      listed.InventoryConfigurationList?.map((c) => c.Id),
      ['files-daily'],
    );
    assert.equal(listed.IsTruncated, false);
    await refused(
      s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'nope' })),
      'NoSuchConfiguration',
      404,
    );
  });
});

describe('Put and Delete change the next report', () => {
  test('a new configuration is delivered next; a deleted one is not', async () => {
    await s3.send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: BUCKET,
        Id: 'all-weekly',
        InventoryConfiguration: weekly('all-weekly'),
      }),
    );
    const got = await s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'all-weekly' }));
    assert.deepEqual(got.InventoryConfiguration, weekly('all-weekly'));
    const reports = await running.storage.writeInventory();
    const weeklyReport = reports.find((r) => r.manifestKey.startsWith(`reports/weekly/${BUCKET}/all-weekly/`));
    assert.ok(weeklyReport, reports.map((r) => r.manifestKey).join(', '));
    // No filter and all versions: every version of every key, the columns as configured.
    assert.equal(weeklyReport.rows, 3);
    assert.equal(
      (await manifestOf(weeklyReport.manifestKey)).fileSchema,
      'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, ETag',
    );

    await s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'all-weekly' }));
    await refused(
      s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'all-weekly' })),
      'NoSuchConfiguration',
      404,
    );
    await refused(
      s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'all-weekly' })),
      'NoSuchConfiguration',
      404,
    );
    const next = await running.storage.writeInventory();
    assert.deepEqual(
      next.map((r) => r.manifestKey.split('/').slice(0, 4).join('/')),
      [`reports/inventory/${BUCKET}/files-daily`],
    );
  });

  test('replacing the synthesized one changes its columns and prefix; disabled, it is not written', async () => {
    const changed = weekly('files-daily', {
      IncludedObjectVersions: 'Current',
      Schedule: { Frequency: 'Daily' },
      Filter: { Prefix: 'images/1/' },
      OptionalFields: ['ETag'],
      Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV', Prefix: 'reports/inventory' } },
    });
    await s3.send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: BUCKET,
        Id: 'files-daily',
        InventoryConfiguration: changed,
      }),
    );
    const [report] = await running.storage.writeInventory();
    assert.equal(report!.rows, 1, 'only images/1/c.txt');
    assert.equal((await manifestOf(report!.manifestKey)).fileSchema, 'Bucket, Key, ETag');
    await s3.send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: BUCKET,
        Id: 'files-daily',
        InventoryConfiguration: { ...changed, IsEnabled: false },
      }),
    );
    assert.deepEqual(await running.storage.writeInventory(), []);
  });
});

describe('refusals', () => {
  const put = (id: string, body: string, creds: Creds = admin) =>
    s3Request(running.base, creds, 'PUT', '', { query: { inventory: '', id }, body });
  const xml = (inner: string) =>
    `<InventoryConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</InventoryConfiguration>`;
  const valid = (id: string, extra = '', frequency = 'Daily') =>
    xml(
      `<Destination><S3BucketDestination><Bucket>${ARN}</Bucket><Format>CSV</Format></S3BucketDestination></Destination>` +
        `<IsEnabled>true</IsEnabled><Id>${id}</Id><IncludedObjectVersions>Current</IncludedObjectVersions>` +
        `${extra}<Schedule><Frequency>${frequency}</Frequency></Schedule>`,
    );

  test('malformed XML, a wrong Id, an invalid id, an unknown field, a namespaced ARN: nothing changes', async () => {
    const before = (await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET })))
      .InventoryConfigurationList;
    const cases: [string, string, string][] = [
      ['x', '<InventoryConfiguration><Id>x', 'MalformedXML'],
      ['x', xml('<Id>x</Id>'), 'MalformedXML'],
      ['x', valid('x', '', 'Hourly'), 'MalformedXML'],
      ['x', valid('x', '<OptionalFields><Field>Colour</Field></OptionalFields>'), 'MalformedXML'],
      ['x', valid('y'), 'InvalidArgument'],
      ['bad id!', valid('bad id!'), 'InvalidArgument'],
      ['x', valid('x').replace(ARN, `arn:aws:s3::123456789012:${BUCKET}`), 'InvalidS3DestinationBucket'],
    ];
    for (const [id, body, code] of cases) {
      const res = await put(id, body);
      assert.equal(res.status, 400, `${code}: ${res.text}`);
      assert.equal(errorCode(res), code, body);
    }
    const res = await put('x', valid('x', '<OptionalFields><Field>Size</Field></OptionalFields>'));
    assert.equal(res.status, 200, res.text);
    await s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'x' }));
    assert.deepEqual(
      (await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET }))).InventoryConfigurationList,
      before,
    );
  });

  test('only roles granted the actions: VIEWERS read, OPERATORS nothing, writes need the Put action', async () => {
    const asViewer = client(viewer);
    const got = await asViewer.send(new GetBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'files-daily' }));
    assert.equal(got.InventoryConfiguration?.Id, 'files-daily');
    await refused(
      asViewer.send(
        new PutBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'v', InventoryConfiguration: weekly('v') }),
      ),
      'AccessDenied',
      403,
    );
    await refused(
      asViewer.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: 'files-daily' })),
      'AccessDenied',
      403,
    );
    await refused(
      client(operator).send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET })),
      'AccessDenied',
      403,
    );
    const tampered = await s3Request(running.base, admin, 'GET', '', { query: { inventory: '' }, tamper: true });
    assert.equal(errorCode(tampered), 'SignatureDoesNotMatch');
  });
});

describe('ListBucketInventoryConfigurations pages', () => {
  test('100 a page, in id order, with a continuation token; a bad token is InvalidArgument', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
    for (const id of ids) {
      await s3.send(
        new PutBucketInventoryConfigurationCommand({ Bucket: BUCKET, Id: id, InventoryConfiguration: weekly(id) }),
      );
    }
    const first = await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET }));
    assert.equal(first.InventoryConfigurationList?.length, 100);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.NextContinuationToken);
    const second = await s3.send(
      new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET, ContinuationToken: first.NextContinuationToken }),
    );
    assert.equal(second.IsTruncated, false);
    assert.equal(second.NextContinuationToken, undefined);
    assert.equal(second.ContinuationToken, first.NextContinuationToken);
    const all = [...first.InventoryConfigurationList!, ...second.InventoryConfigurationList!].map((c) => c.Id);
    assert.deepEqual(all, ['files-daily', ...ids].sort());
    await refused(
      s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: BUCKET, ContinuationToken: 'not a token' })),
      'InvalidArgument',
      400,
    );
  });
});
