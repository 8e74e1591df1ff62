import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { copy, downloadData, getProperties, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { demoPlan } from '../seed/demo-plan.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { BUCKET } from './index.ts';
import { hostRequest, signedFetch } from './testing.ts';

const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;

// Node has no FileReader; the client's multipart path reads slices with it, as browsers do.
if (typeof globalThis.FileReader === 'undefined') {
  class NodeFileReader {
    result: ArrayBuffer | null = null;
    onload: (() => void) | null = null;
    onabort: (() => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    readAsArrayBuffer(blob: Blob) {
      blob.arrayBuffer().then(
        (buffer) => {
          this.result = buffer;
          this.onload?.();
        },
        (err: unknown) => this.onerror?.(err),
      );
    }
  }
  Object.assign(globalThis, { FileReader: NodeFileReader });
}
let backend: TestBackend;

before(async () => {
  // Port 20005 is the only one the Storage client reaches; another suite (e2e) may hold it a while.
  for (let attempt = 0; ; attempt++) {
    try {
      backend = await startTestBackend({ port: 20005 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 60) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  Amplify.configure(toResourcesConfig(backend.outputs));
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

async function as(account: (typeof DEMO_ACCOUNTS)[number]) {
  await signOut().catch(() => undefined);
  await signIn({ username: account.email, password: account.password });
  return (await fetchAuthSession()).credentials!;
}

describe('the real aws-amplify Storage client', () => {
  // Upload progress events come from the browser's XMLHttpRequest; Node's fetch gives none, so
  // e2e/storage-upload.e2e.ts checks progress (and cancel mid-multipart) in Chromium.
  test('uploads a small file, reads its properties and downloads it', async () => {
    await as(OPERATOR);
    const body = new TextEncoder().encode('hello attachments');
    const result = await uploadData({
      path: 'images/rec-1/a.txt',
      data: body,
      options: { contentType: 'text/plain', metadata: { owner: 'tests' } },
    }).result;
    assert.equal(result.path, 'images/rec-1/a.txt');
    const props = await getProperties({ path: 'images/rec-1/a.txt' });
    assert.equal(props.size, body.length);
    assert.equal(props.contentType, 'text/plain');
    assert.deepEqual(props.metadata, { owner: 'tests' });
    const downloaded = await downloadData({ path: 'images/rec-1/a.txt' }).result;
    assert.equal(await downloaded.body.text(), 'hello attachments');
  });

  test('uploads a file over 5 MiB in parts (multipart) and the bytes come back intact', async () => {
    await as(ADMIN);
    const big = new Uint8Array(12 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    await uploadData({ path: 'images/rec-2/big.bin', data: big }).result;
    const props = await getProperties({ path: 'images/rec-2/big.bin' });
    assert.equal(props.size, big.length);
    assert.match(props.eTag ?? '', /-3"?$/, 'a multipart ETag names its part count');
    const blob = await (await downloadData({ path: 'images/rec-2/big.bin' }).result).body.blob();
    const back = new Uint8Array(await blob.arrayBuffer());
    assert.equal(back.length, big.length);
    assert.ok(back.every((b, i) => b === big[i]));
  });

  test('uploads with CRC32 checksums (checksumAlgorithm crc-32), single and multipart, with content headers', async () => {
    await as(OPERATOR);
    const small = await uploadData({
      path: 'images/rec-7/crc.txt',
      data: 'checked',
      options: { checksumAlgorithm: 'crc-32', contentType: 'text/plain', contentDisposition: 'inline' },
    }).result;
    assert.ok(small.eTag);
    const creds = (await fetchAuthSession()).credentials!;
    const head = await signedFetch(creds, 'HEAD', 'images/rec-7/crc.txt');
    assert.equal(head.headers['content-disposition'], 'inline');
    assert.equal(head.headers['content-type'], 'text/plain');
    const big = new Uint8Array(7 * 1024 * 1024).map((_, i) => i % 253);
    await uploadData({ path: 'images/rec-7/crc.bin', data: big, options: { checksumAlgorithm: 'crc-32' } }).result;
    assert.equal((await getProperties({ path: 'images/rec-7/crc.bin' })).size, big.length);
  });

  test('cancelling an upload leaves no object', async () => {
    await as(OPERATOR);
    const data = new Uint8Array(11 * 1024 * 1024);
    const task = uploadData({ path: 'images/rec-3/cancelled.bin', data });
    setTimeout(() => task.cancel(), 30);
    await assert.rejects(task.result, (err: Error) => err.name === 'CanceledError' || /cancel/i.test(err.message));
    await assert.rejects(getProperties({ path: 'images/rec-3/cancelled.bin' }), { name: 'NotFound' });
  });

  test('getUrl gives a URL a plain HTTP client can fetch, refused after it expires', async () => {
    await as(VIEWER);
    const { url } = await getUrl({ path: demoPlan().files[0]!.key, options: { expiresIn: 2 } });
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'image/png');
    const bytes = new Uint8Array(await ok.arrayBuffer());
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
    await new Promise((r) => setTimeout(r, 3000));
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  test('lists with pagination over 2,500 keys', async () => {
    await as(ADMIN);
    const keys = Array.from({ length: 2500 }, (_, i) => `images/many/${String(i).padStart(5, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map((path) => uploadData({ path, data: 'x' }).result));
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await list({ path: 'images/many/', options: { pageSize: 1000, nextToken } });
      seen.push(...page.items.map((i) => i.path));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual(seen, keys);
    const all = await list({ path: 'images/many/', options: { listAll: true } });
    assert.equal(all.items.length, 2500);
  });

  test('copies and removes', async () => {
    await as(OPERATOR);
    await uploadData({ path: 'images/rec-4/original.txt', data: 'copy me', options: { contentType: 'text/plain' } })
      .result;
    await copy({ source: { path: 'images/rec-4/original.txt' }, destination: { path: 'images/rec-4/copy.txt' } });
    const copied = await downloadData({ path: 'images/rec-4/copy.txt' }).result;
    assert.equal(await copied.body.text(), 'copy me');
    await remove({ path: 'images/rec-4/original.txt' });
    await assert.rejects(getProperties({ path: 'images/rec-4/original.txt' }), { name: 'NotFound' });
  });

  test('preventOverwrite refuses to replace an existing object', async () => {
    await as(OPERATOR);
    await uploadData({ path: 'images/rec-5/once.txt', data: 'first' }).result;
    await assert.rejects(
      uploadData({ path: 'images/rec-5/once.txt', data: 'second', options: { preventOverwrite: true } }).result,
    );
    assert.equal(await (await downloadData({ path: 'images/rec-5/once.txt' }).result).body.text(), 'first');
  });
});

describe('access rules per group (hand-signed requests)', () => {
  const key = 'images/rules/file.txt';

  test('viewers read and list but may not write or delete', async () => {
    await as(ADMIN);
    await uploadData({ path: key, data: 'rules' }).result;
    const creds = await as(VIEWER);
    assert.equal((await signedFetch(creds, 'GET', key)).status, 200);
    assert.equal((await signedFetch(creds, 'GET', '', { query: { 'list-type': '2', prefix: 'images/' } })).status, 200);
    const put = await signedFetch(creds, 'PUT', 'images/rules/viewer.txt', { body: 'nope' });
    assert.equal(put.status, 403);
    assert.match(put.text, /<Code>AccessDenied<\/Code>/);
    assert.equal((await signedFetch(creds, 'DELETE', key)).status, 403);
    assert.equal((await signedFetch(creds, 'HEAD', key)).status, 200, 'the file is still there');
  });

  test('operators write and delete; admins too', async () => {
    for (const account of [OPERATOR, ADMIN]) {
      const creds = await as(account);
      const path = `images/rules/${account.group}.txt`;
      assert.equal((await signedFetch(creds, 'PUT', path, { body: 'mine' })).status, 200);
      assert.equal((await signedFetch(creds, 'DELETE', path)).status, 204);
      assert.equal((await signedFetch(creds, 'HEAD', path)).status, 404);
    }
  });

  test('nothing outside the rules\u2019 prefix is reachable, even for admins', async () => {
    const creds = await as(ADMIN);
    assert.equal((await signedFetch(creds, 'PUT', 'private/secret.txt', { body: 'x' })).status, 403);
    assert.equal((await signedFetch(creds, 'GET', '', { query: { 'list-type': '2', prefix: '' } })).status, 403);
  });

  test('guests get nothing', async () => {
    await signOut();
    const guest = (await fetchAuthSession()).credentials!;
    assert.equal((await signedFetch(guest, 'GET', key)).status, 403);
  });

  test('a tampered signature, an unknown key and an unsigned request are refused', async () => {
    const creds = await as(VIEWER);
    const tampered = await signedFetch(creds, 'GET', key, { tamper: true });
    assert.equal(tampered.status, 403);
    assert.match(tampered.text, /SignatureDoesNotMatch/);
    const unknown = await signedFetch({ ...creds, accessKeyId: 'ASIAUNKNOWN0000000' }, 'GET', key);
    assert.match(unknown.text, /InvalidAccessKeyId/);
    const unsigned = await fetch(`${backend.baseUrl}/${BUCKET}/${key}`);
    assert.equal(unsigned.status, 403);
  });

  test('path escapes are refused and write nothing outside', async () => {
    const creds = await as(ADMIN);
    for (const raw of ['images/..%2F..%2Fx', 'images/a%00b', '%2Fimages/abs', 'images/a%5C..%5Cb']) {
      const res = await hostRequest(creds, 'PUT', `/${BUCKET}/${raw}`, 'evil');
      assert.equal(res.status, 400, raw);
      assert.match(res.text, /InvalidArgument/);
    }
    // A path that leaves the bucket never reaches it at all.
    for (const raw of ['images/../../etc/passwd', 'images/%2E%2E/%2E%2E/x']) {
      assert.equal((await hostRequest(creds, 'PUT', `/${BUCKET}/${raw}`, 'evil')).status, 404, raw);
    }
    const listed = await list({ path: 'images/', options: { listAll: true } });
    assert.ok(!listed.items.some((i) => /passwd|evil|abs|\\/.test(i.path)));
  });
});

describe('persistence', () => {
  test('objects survive a restart', async () => {
    await as(OPERATOR);
    await uploadData({ path: 'images/rec-6/keep.txt', data: 'kept' }).result;
    const dataDir = backend.dataDir;
    await backend.stop({ keepData: true });
    backend = await startTestBackend({ port: 20005, dataDir });
    Amplify.configure(toResourcesConfig(backend.outputs));
    await as(OPERATOR);
    assert.equal(await (await downloadData({ path: 'images/rec-6/keep.txt' }).result).body.text(), 'kept');
  });
});
