import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { INVENTORY_ID, INVENTORY_PREFIX } from '../../amplify/storage/inventory.ts';
import { INCOMPLETE_UPLOAD_DAYS, RETENTION_DAYS } from '../../amplify/storage/retention.ts';
import { extractBuckets, type BucketTemplate, type Template } from './bucket-template.ts';

/*
 * What `ampx sandbox` would deploy for the files bucket: amplify/backend.ts synthesized offline,
 * its storage bucket versioned with the retention lifecycle, and ADMINS (only) granted what a
 * restore needs on every path amplify/storage/resource.ts defines.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VERSION_ACTIONS = ['s3:DeleteObjectVersion', 's3:GetObjectVersion', 's3:ListBucketVersions'];

describe('the files bucket as amplify/backend.ts synthesizes it', { timeout: 240_000 }, () => {
  let templates: Template[] = [];
  let bucket: BucketTemplate;

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'bucket-synth-'));
    try {
      const out = join(work, 'templates.json');
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          join(REPO, 'local-backend/testing/synth-templates.ts'),
          join(REPO, 'amplify/backend.ts'),
          out,
        ],
        { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 << 20 },
      );
      templates = Object.values(JSON.parse(readFileSync(out, 'utf8')) as Record<string, Template>);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const found = extractBuckets(templates).filter((b) => b.friendlyName === 'attachmentConsoleFiles');
    assert.equal(found.length, 1, 'one bucket named attachmentConsoleFiles');
    bucket = found[0]!;
  });

  const rawBucket = () =>
    templates
      .flatMap((t) => Object.values(t.Resources ?? {}))
      .find(
        (r) =>
          r.Type === 'AWS::S3::Bucket' &&
          (r.Properties?.['Tags'] as { Key: string; Value: string }[]).some(
            (t) => t.Value === 'attachmentConsoleFiles',
          ),
      )!;

  test('versioning is enabled', () => {
    assert.deepEqual(rawBucket().Properties?.['VersioningConfiguration'], { Status: 'Enabled' });
    assert.equal(bucket.versioning, 'Enabled');
  });

  test('lifecycle expires non-current versions and lone delete markers after the retention period, and aborts stale uploads', () => {
    assert.equal(RETENTION_DAYS, 30);
    assert.deepEqual(rawBucket().Properties?.['LifecycleConfiguration'], {
      Rules: [
        {
          Id: 'expire-noncurrent-versions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: RETENTION_DAYS },
          ExpiredObjectDeleteMarker: true,
        },
        {
          Id: 'abort-incomplete-multipart-uploads',
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
        },
      ],
    });
  });

  test('ADMINS may list versions under every defined path, and read and delete versions there', () => {
    const versionGrants = bucket.grants.filter((g) => g.actions.some((a) => VERSION_ACTIONS.includes(a)));
    assert.deepEqual(versionGrants, [
      {
        role: 'group:ADMINS',
        effect: 'Allow',
        actions: ['s3:ListBucketVersions'],
        resources: [''],
        prefixes: ['images/*', 'images/', 'reports/*', 'reports/'],
      },
      {
        role: 'group:ADMINS',
        effect: 'Allow',
        actions: ['s3:GetObjectVersion', 's3:DeleteObjectVersion'],
        resources: ['images/*', 'reports/*'],
      },
    ]);
  });

  test('no other role, and no other statement, gets a version action on the files bucket', () => {
    const mentioning = templates
      .flatMap((t) => Object.values(t.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap(
        (p) =>
          [(p.Properties?.['PolicyDocument'] as { Statement: unknown }).Statement].flat() as Record<string, unknown>[],
      )
      .filter((s) =>
        [s['Action']].flat().some((a) => /^s3:(\*|.*Version.*)$/i.test(String(a)) && !/Tagging$/.test(String(a))),
      );
    // Those two statements, and the CDK's own deployment role on its asset buckets (s3:GetObject*
    // and s3:DeleteObject* on buckets that are not the files bucket).
    const ours = mentioning.filter((s) => JSON.stringify(s['Resource']).includes('attachmentConsoleFilesBucket'));
    assert.equal(ours.length, 2);
    assert.deepEqual(
      bucket.grants.filter((g) => g.role !== 'group:ADMINS').flatMap((g) => g.actions),
      ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket'],
      'OPERATORS and VIEWERS keep their storage rules and nothing else',
    );
  });

  test('a daily S3 Inventory of images/ goes to the bucket itself, under reports/inventory', () => {
    assert.deepEqual(bucket.inventory, [
      {
        id: INVENTORY_ID,
        enabled: true,
        prefix: 'images/',
        includedVersions: 'Current',
        frequency: 'Daily',
        fields: ['Size', 'LastModifiedDate', 'ETag'],
        format: 'CSV',
        toThisBucket: true,
        destinationPrefix: INVENTORY_PREFIX,
      },
    ]);
    // S3 delivers as its service principal, which the bucket's policy lets write the reports only.
    const policy = templates
      .flatMap((t) => Object.values(t.Resources ?? {}))
      .find((r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r).includes('s3.amazonaws.com'));
    const statement = JSON.stringify(policy?.Properties?.['PolicyDocument']);
    assert.match(statement, /"Action":"s3:PutObject"/);
    assert.match(statement, new RegExp(`/${INVENTORY_PREFIX}/\\*`));
  });
});
