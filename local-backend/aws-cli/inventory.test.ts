import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  INVENTORY_FIELDS,
  INVENTORY_ID,
  INVENTORY_PREFIX,
  INVENTORY_SOURCE_PREFIX,
} from '../../amplify/storage/inventory.ts';
import { BUCKET } from '../storage/index.ts';
import { identityCredentials } from '../testing/identity-credentials.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { awsCli, type Cli } from './cli.ts';

// The bucket's S3 Inventory (set in amplify/backend.ts) read as any reader would, with AWS CLI v2:
// the configuration through Get/List/Put/Delete, a report's manifest.json against S3's documented
// schema, manifest.checksum, and the gzipped CSV files it names, byte for byte.

let backend: TestBackend;
/** A demo admin: reads reports/ as the storage rules allow, holds no inventory-configuration grant. */
let admin: Cli;
/** A role allowed the inventory configuration API on the bucket (as a project would grant one). */
let manager: Cli;
const ARN = `arn:aws:s3:::${BUCKET}`;

interface Manifest {
  sourceBucket: string;
  destinationBucket: string;
  version: string;
  creationTimestamp: string;
  fileFormat: string;
  fileSchema: string;
  files: { key: string; size: number; MD5checksum: string }[];
}

before(async () => {
  backend = await startTestBackend();
  const account = backend.demoAccounts.find((a) => a.group === 'ADMINS')!;
  admin = awsCli(backend.baseUrl, await identityCredentials(backend, account.email, account.password));
  const principal = 'inventory-manager-role/inventory-manager';
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  backend.storage!.functionRoles.add(creds, principal, [
    { actions: ['s3:GetInventoryConfiguration', 's3:PutInventoryConfiguration'], keys: [''] },
  ]);
  manager = admin.as(creds);
});
after(async () => {
  admin.dispose();
  await backend.stop();
});

const bytesOf = async (key: string) => {
  const got = await admin.run(['s3', 'cp', `s3://${BUCKET}/${key}`, '-']);
  assert.equal(got.code, 0, got.stderr);
  return got.stdout;
};

/** The newest manifest.json under `base`, found by listing as a reader would. */
async function newestManifest(base: string): Promise<string> {
  const listed = (await admin.run(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', `${base}/`])).json<{
    Contents: { Key: string }[];
  }>();
  const manifests = listed.Contents.map((c) => c.Key).filter((k) => k.endsWith('/manifest.json'));
  assert.ok(manifests.length > 0, `no manifest under ${base}`);
  return manifests.sort().at(-1)!;
}

/** Reads and checks one report: the manifest's schema, its checksum, each file's size, MD5 and columns. */
async function readReport(manifestKey: string): Promise<{ manifest: Manifest; rows: string[][] }> {
  const raw = await bytesOf(manifestKey);
  const manifest = JSON.parse(raw.toString('utf8')) as Manifest;
  const checksum = await bytesOf(manifestKey.replace(/manifest\.json$/, 'manifest.checksum'));
  assert.equal(checksum.toString('utf8').trim(), createHash('md5').update(raw).digest('hex'));
  assert.deepEqual(Object.keys(manifest).sort(), [
    'creationTimestamp',
    'destinationBucket',
    'fileFormat',
    'fileSchema',
    'files',
    'sourceBucket',
    'version',
  ]);
  assert.equal(manifest.sourceBucket, BUCKET);
  assert.equal(manifest.destinationBucket, ARN);
  assert.equal(manifest.version, '2016-11-30');
  assert.equal(manifest.fileFormat, 'CSV');
  assert.match(manifest.creationTimestamp, /^\d{13}$/);
  const columns = manifest.fileSchema.split(', ');
  const rows: string[][] = [];
  for (const file of manifest.files) {
    const gz = await bytesOf(file.key);
    assert.equal(gz.length, file.size, `${file.key} size`);
    assert.equal(createHash('md5').update(gz).digest('hex'), file.MD5checksum, `${file.key} MD5`);
    for (const line of gunzipSync(gz).toString('utf8').split('\n').filter(Boolean)) {
      const values = [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1]!.replace(/""/g, '"'));
      assert.equal(values.length, columns.length, `a row has exactly the columns of ${manifest.fileSchema}`);
      rows.push(values);
    }
  }
  return { manifest, rows };
}

describe("the bucket's inventory, as amplify/backend.ts sets it", () => {
  test('get- and list-bucket-inventory-configuration(s) show the synthesized configuration', async () => {
    const expected = {
      Id: INVENTORY_ID,
      IsEnabled: true,
      IncludedObjectVersions: 'Current',
      Filter: { Prefix: INVENTORY_SOURCE_PREFIX },
      Schedule: { Frequency: 'Daily' },
      OptionalFields: INVENTORY_FIELDS,
      Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV', Prefix: INVENTORY_PREFIX } },
    };
    const got = (
      await manager.run(['s3api', 'get-bucket-inventory-configuration', '--bucket', BUCKET, '--id', INVENTORY_ID])
    ).json();
    assert.deepEqual(got, { InventoryConfiguration: expected });
    const listed = (await manager.run(['s3api', 'list-bucket-inventory-configurations', '--bucket', BUCKET])).json();
    assert.deepEqual(listed, { InventoryConfigurationList: [expected], IsTruncated: false });
    // Amplify grants no group the inventory configuration actions.
    const denied = await admin.run(['s3api', 'list-bucket-inventory-configurations', '--bucket', BUCKET]);
    assert.match(denied.stderr, /\(AccessDenied\) when calling the ListBucketInventoryConfigurations operation/);
  });

  test("a report read with the CLI matches S3's documented format and lists every file under images/", async () => {
    await backend.storage!.writeInventory();
    const { manifest, rows } = await readReport(await newestManifest(`${INVENTORY_PREFIX}/${BUCKET}/${INVENTORY_ID}`));
    assert.equal(manifest.fileSchema, ['Bucket', 'Key', ...INVENTORY_FIELDS].join(', '));
    assert.ok(manifest.files.every((f) => f.key.startsWith(`${INVENTORY_PREFIX}/${BUCKET}/${INVENTORY_ID}/data/`)));
    const listed = (
      await admin.run(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', INVENTORY_SOURCE_PREFIX])
    ).json<{ Contents: { Key: string; Size: number; ETag: string }[] }>();
    assert.ok(listed.Contents.length > 0, 'the demo world has files');
    assert.deepEqual(
      rows.map(([bucket, key, size, , etag]) => [bucket, decodeURIComponent(key!), Number(size), etag]),
      listed.Contents.map((c) => [BUCKET, c.Key, c.Size, c.ETag.replace(/"/g, '')]),
    );
  });
});

describe('put- and delete-bucket-inventory-configuration change the next report', () => {
  test('new columns and destination are followed; once deleted, the id is NoSuchConfiguration', async () => {
    const configuration = {
      Id: 'cli-weekly',
      IsEnabled: true,
      IncludedObjectVersions: 'Current',
      Schedule: { Frequency: 'Weekly' },
      OptionalFields: ['Size', 'ETag', 'StorageClass'],
      Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV', Prefix: 'reports/cli' } },
    };
    const put = await manager.run([
      's3api',
      'put-bucket-inventory-configuration',
      '--bucket',
      BUCKET,
      '--id',
      'cli-weekly',
      '--inventory-configuration',
      JSON.stringify(configuration),
    ]);
    assert.equal(put.code, 0, put.stderr);
    await backend.storage!.writeInventory();
    const { manifest, rows } = await readReport(await newestManifest(`reports/cli/${BUCKET}/cli-weekly`));
    assert.equal(manifest.fileSchema, 'Bucket, Key, Size, ETag, StorageClass');
    // No filter: the reports written so far are in it too.
    assert.ok(rows.some(([, key]) => key!.startsWith(`${INVENTORY_PREFIX}/`)));
    assert.ok(rows.every((r) => r[4] === 'STANDARD'));

    const deleted = await manager.run([
      's3api',
      'delete-bucket-inventory-configuration',
      '--bucket',
      BUCKET,
      '--id',
      'cli-weekly',
    ]);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await manager.run([
      's3api',
      'get-bucket-inventory-configuration',
      '--bucket',
      BUCKET,
      '--id',
      'cli-weekly',
    ]);
    assert.equal(gone.code, 254);
    assert.match(
      gone.stderr,
      /\(NoSuchConfiguration\) when calling the GetBucketInventoryConfiguration operation.*: The specified configuration does not exist\./,
    );
    const reports = await backend.storage!.writeInventory();
    assert.deepEqual(
      reports.map((r) => r.manifestKey.split('/').slice(0, 4).join('/')),
      [`${INVENTORY_PREFIX}/${BUCKET}/${INVENTORY_ID}`],
    );
  });

  test('a configuration whose Id is not the --id is InvalidArgument and is not stored', async () => {
    const put = await manager.run([
      's3api',
      'put-bucket-inventory-configuration',
      '--bucket',
      BUCKET,
      '--id',
      'one',
      '--inventory-configuration',
      JSON.stringify({
        Id: 'other',
        IsEnabled: true,
        IncludedObjectVersions: 'Current',
        Schedule: { Frequency: 'Daily' },
        Destination: { S3BucketDestination: { Bucket: ARN, Format: 'CSV' } },
      }),
    ]);
    assert.match(put.stderr, /\(InvalidArgument\) when calling the PutBucketInventoryConfiguration operation/);
    const listed = (await manager.run(['s3api', 'list-bucket-inventory-configurations', '--bucket', BUCKET])).json<{
      InventoryConfigurationList: { Id: string }[];
    }>();
    assert.deepEqual(
      listed.InventoryConfigurationList.map((c) => c.Id),
      [INVENTORY_ID],
    );
  });
});
