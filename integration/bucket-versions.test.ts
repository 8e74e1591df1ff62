// BucketVersions (the console's S3 versions client) against the real local backend: SigV4 with the
// identity-pool credentials of the signed-in user, the versioned bucket, and the group grants read
// from the synthesized template (only ADMINS may list versions or restore).
import '@angular/compiler';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { Injector } from '@angular/core';
import { firstValueFrom, toArray } from 'rxjs';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import * as storage from 'aws-amplify/storage';
import { AttachmentError } from '../src/app/attachments/attachment-error.ts';
import { BucketVersions, VERSIONS_ACCESS, amplifyVersionsAccess } from '../src/app/recovery/bucket-versions.ts';
import { as, suiteBackend } from './console-services.ts';
import { ADMIN, OPERATOR } from './local-backend.ts';

suiteBackend();

function bucketVersions(): BucketVersions {
  const access = amplifyVersionsAccess(async () => ({
    getConfig: () => Amplify.getConfig(),
    fetchAuthSession: () => auth.fetchAuthSession(),
  }));
  return Injector.create({ providers: [BucketVersions, { provide: VERSIONS_ACCESS, useValue: access }] }).get(
    BucketVersions,
  );
}

let versions: BucketVersions;
let folder: string;
beforeEach(async () => {
  await as(ADMIN);
  versions = bucketVersions();
  folder = `images/${crypto.randomUUID()}/`;
});

async function put(path: string, text: string): Promise<void> {
  await storage.uploadData({ path, data: new Blob([text], { type: 'text/plain' }) }).result;
}

async function read(path: string): Promise<string> {
  const { body } = await storage.downloadData({ path }).result;
  return body.text();
}

async function refusal(work: Promise<unknown>): Promise<AttachmentError> {
  const err = await work.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AttachmentError, String(err));
  return err;
}

test('lists every version under a prefix, page by page, deleted files with their marker on top', async () => {
  for (let i = 0; i < 5; i++) await put(`${folder}f${i}.txt`, `one ${i}`);
  await put(`${folder}f0.txt`, 'two 0');
  await storage.remove({ path: `${folder}f1.txt` });
  await storage.remove({ path: `${folder}f3.txt` });
  const pages = await firstValueFrom(versions.list(folder, 2).pipe(toArray()));
  assert.ok(pages.length >= 4, `${pages.length} pages`);
  assert.ok(pages.every((p) => p.length <= 2));
  const all = pages.flat();
  assert.equal(all.length, 8);
  assert.equal(new Set(all.map((v) => `${v.path} ${v.versionId}`)).size, 8, 'no version listed twice');
  const deleted = all.filter((v) => v.isLatest && v.deleteMarker).map((v) => v.path);
  assert.deepEqual(deleted, [`${folder}f1.txt`, `${folder}f3.txt`]);
  const f0 = await versions.versionsOf(`${folder}f0.txt`);
  assert.deepEqual(
    f0.map((v) => [v.isLatest, v.deleteMarker, v.size]),
    [
      [true, false, 5],
      [false, false, 5],
    ],
  );
  assert.equal(await versions.currentVersionId(`${folder}f0.txt`), f0[0]!.versionId);
  assert.equal(await versions.currentVersionId(`${folder}f1.txt`), undefined);
});

test('restores a deleted file by removing the delete marker: the same version is current again', async () => {
  const path = `${folder}cover art.txt`;
  await put(path, 'the cover');
  const before = await versions.currentVersionId(path);
  assert.ok(before);
  await storage.remove({ path });
  assert.equal(await versions.currentVersionId(path), undefined);
  assert.deepEqual(await versions.restore(path, before), { versionId: before });
  assert.equal(await versions.currentVersionId(path), before);
  assert.equal(await read(path), 'the cover');
  const history = await versions.versionsOf(path);
  assert.deepEqual(
    history.map((v) => v.versionId),
    [before],
    'the marker is gone',
  );
});

test('restores an older version under a delete marker by copying it, keeping what was between', async () => {
  const path = `${folder}a.txt`;
  await put(path, 'first');
  const first = (await versions.versionsOf(path))[0]!.versionId;
  await put(path, 'second');
  await storage.remove({ path });
  const { versionId } = await versions.restore(path, first);
  assert.notEqual(versionId, first);
  assert.equal(await versions.currentVersionId(path), versionId);
  assert.equal(await read(path), 'first');
  const history = await versions.versionsOf(path);
  assert.equal(history.length, 4, 'copy, marker, second, first: nothing was removed');
  assert.deepEqual(
    history.map((v) => v.deleteMarker),
    [false, true, false, false],
  );
});

test('refuses to restore over a newer file, which stays current', async () => {
  const path = `${folder}b.txt`;
  await put(path, 'old');
  const old = (await versions.versionsOf(path))[0]!.versionId;
  await put(path, 'new');
  const current = await versions.currentVersionId(path);
  const err = await refusal(versions.restore(path, old));
  assert.equal(err.kind, 'conflict');
  assert.match(err.message, /A newer file is at/);
  assert.equal(await versions.currentVersionId(path), current);
  assert.equal(await read(path), 'new');
});

test('OPERATORS may neither list versions nor restore one', async () => {
  const path = `${folder}c.txt`;
  await put(path, 'kept');
  const id = (await versions.versionsOf(path))[0]!.versionId;
  await storage.remove({ path });
  await as(OPERATOR);
  const listing = await refusal(versions.versionsOf(path));
  assert.equal(listing.kind, 'forbidden');
  assert.match(listing.message, /Only ADMINS/);
  const restoring = await refusal(versions.restore(path, id));
  assert.equal(restoring.kind, 'forbidden');
  await as(ADMIN);
  assert.equal(await versions.currentVersionId(path), undefined, 'still deleted');
});
