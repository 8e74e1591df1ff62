import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from '../storage/index.ts';
import { identityCredentials } from '../testing/identity-credentials.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { awsCli, type Cli } from './cli.ts';

// The local S3 through AWS CLI v2, signed with a demo admin's identity-pool credentials as the
// console gets them: what `aws s3` and `aws s3api` print, and S3's error codes when refused.

let backend: TestBackend;
let cli: Cli;
let viewer: Cli;
let files: string;

const s3url = (key: string) => `s3://${BUCKET}/${key}`;
const account = (group: string) => backend.demoAccounts.find((a) => a.group === group)!;

before(async () => {
  backend = await startTestBackend();
  files = mkdtempSync(join(tmpdir(), 'aws-cli-s3-'));
  const admin = account('ADMINS');
  const view = account('VIEWERS');
  cli = awsCli(backend.baseUrl, await identityCredentials(backend, admin.email, admin.password));
  viewer = cli.as(await identityCredentials(backend, view.email, view.password));
});
after(async () => {
  cli.dispose();
  await backend.stop();
  rmSync(files, { recursive: true, force: true });
});

describe('aws s3', () => {
  test('cp of a 12 MB file goes up in parts and comes down byte for byte', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const path = join(files, 'big.bin');
    writeFileSync(path, bytes);
    const up = await cli.run(['s3', 'cp', path, s3url('images/cli/big.bin'), '--no-progress']);
    assert.equal(up.code, 0, up.stderr);
    // The CLI's 8 MB threshold and part size: two parts, so a multipart ETag.
    const head = (await cli.run(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'images/cli/big.bin'])).json();
    assert.equal(head['ContentLength'], bytes.length);
    assert.match(String(head['ETag']), /^"[0-9a-f]{32}-2"$/);
    const back = join(files, 'back.bin');
    const down = await cli.run(['s3', 'cp', s3url('images/cli/big.bin'), back, '--no-progress']);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(back).equals(bytes), 'the downloaded bytes are the uploaded ones');
  });

  test('ls and list-objects-v2 page with --page-size, --max-items and --starting-token', async () => {
    const dir = join(files, 'page');
    mkdirSync(dir);
    for (let i = 0; i < 7; i++) writeFileSync(join(dir, `f${i}.txt`), `file ${i}`);
    const up = await cli.run(['s3', 'cp', dir, s3url('images/cli-page/'), '--recursive', '--no-progress']);
    assert.equal(up.code, 0, up.stderr);
    // ls follows continuation tokens two keys at a time to the end.
    const ls = await cli.run(['s3', 'ls', s3url('images/cli-page/'), '--page-size', '2']);
    assert.equal(ls.code, 0, ls.stderr);
    const listed = ls.stdout.toString().trim().split('\n');
    assert.deepEqual(
      listed.map((line) => line.split(/\s+/).slice(2)),
      Array.from({ length: 7 }, (_, i) => ['6', `f${i}.txt`]),
    );
    const list = (extra: string[]) =>
      cli.run(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'images/cli-page/', ...extra]);
    const first = (await list(['--max-items', '3', '--page-size', '2'])).json<{
      Contents: { Key: string }[];
      NextToken: string;
    }>();
    assert.deepEqual(
      first.Contents.map((c) => c.Key),
      ['f0', 'f1', 'f2'].map((f) => `images/cli-page/${f}.txt`),
    );
    assert.ok(first.NextToken);
    const rest = (await list(['--starting-token', first.NextToken, '--page-size', '2'])).json<{
      Contents: { Key: string }[];
      NextToken?: string;
    }>();
    assert.deepEqual(
      rest.Contents.map((c) => c.Key),
      ['f3', 'f4', 'f5', 'f6'].map((f) => `images/cli-page/${f}.txt`),
    );
    assert.equal(rest.NextToken, undefined);
  });
});

describe('aws s3api: versions', () => {
  const key = 'images/cli/versioned.txt';
  test('get-bucket-versioning, list-object-versions, get-object --version-id, delete and restore by copy', async () => {
    const versioning = (await cli.run(['s3api', 'get-bucket-versioning', '--bucket', BUCKET])).json();
    assert.deepEqual(versioning, { Status: 'Enabled' });
    for (const body of ['first', 'second']) {
      const put = await cli.run(['s3', 'cp', '-', s3url(key)], { input: body });
      assert.equal(put.code, 0, put.stderr);
    }
    const listed = (await cli.run(['s3api', 'list-object-versions', '--bucket', BUCKET, '--prefix', key])).json<{
      Versions: { Key: string; VersionId: string; IsLatest: boolean; Size: number }[];
    }>();
    assert.deepEqual(
      listed.Versions.map((v) => [v.Key, v.IsLatest, v.Size]),
      [
        [key, true, 6],
        [key, false, 5],
      ],
    );
    const [latest, older] = listed.Versions.map((v) => v.VersionId);
    const out = join(files, 'older.txt');
    const got = (
      await cli.run(['s3api', 'get-object', '--bucket', BUCKET, '--key', key, '--version-id', older!, out])
    ).json();
    assert.equal(got['VersionId'], older);
    assert.equal(readFileSync(out, 'utf8'), 'first');

    const deleted = (await cli.run(['s3api', 'delete-object', '--bucket', BUCKET, '--key', key])).json();
    assert.equal(deleted['DeleteMarker'], true);
    const gone = await cli.run(['s3', 'cp', s3url(key), '-']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /404|Not Found|NoSuchKey/);

    // A restore: the version before the delete copied over its key.
    const copy = await cli.run([
      's3api',
      'copy-object',
      '--bucket',
      BUCKET,
      '--key',
      key,
      '--copy-source',
      `${BUCKET}/${key}?versionId=${latest}`,
    ]);
    assert.equal(copy.code, 0, copy.stderr);
    const restored = await cli.run(['s3', 'cp', s3url(key), '-']);
    assert.equal(restored.stdout.toString(), 'second');
  });
});

describe('refused calls, with S3 error codes', () => {
  test('a viewer may not write under images/: AccessDenied', async () => {
    const put = await viewer.run(['s3api', 'put-object', '--bucket', BUCKET, '--key', 'images/cli/no.txt']);
    assert.notEqual(put.code, 0);
    assert.match(put.stderr, /\(AccessDenied\) when calling the PutObject operation.*: Access Denied$/m);
    // The viewer may read what is there.
    assert.equal((await viewer.run(['s3', 'cp', s3url('images/cli/versioned.txt'), '-'])).stdout.toString(), 'second');
  });

  test('a wrong secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId', async () => {
    const admin = account('ADMINS');
    const creds = await identityCredentials(backend, admin.email, admin.password);
    const forged = cli.as({ ...creds, secretAccessKey: 'not-the-secret' });
    const bad = await forged.run(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'images/']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /\(SignatureDoesNotMatch\) when calling the ListObjectsV2 operation/);
    const unknown = cli.as({ accessKeyId: 'ASIANOSUCHKEY0000000', secretAccessKey: 'x', sessionToken: 'y' });
    const none = await unknown.run(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'images/']);
    assert.match(none.stderr, /\(InvalidAccessKeyId\) when calling the ListObjectsV2 operation/);
  });
});
