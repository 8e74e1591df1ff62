import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fakeIdentity, s3Request } from './testing.ts';

// Durability of acknowledged writes: the storage service runs in a child process that is killed
// (SIGKILL, no shutdown of any kind) in the middle of a burst of small uploads.

const admin = fakeIdentity().issue('admin', ['ADMINS']);
const dataDir = mkdtempSync(join(tmpdir(), 'storage-crash-'));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startChild(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-fixture.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the storage process exited (${code}) before listening`)));
  });
  return { child, base };
}

test('every upload acknowledged before a SIGKILL is intact after a restart', async () => {
  const first = await startChild();
  const acknowledged = new Map<string, Buffer>();
  let killed = false;
  let next = 0;
  const exited = new Promise<void>((r) => first.child.on('exit', () => r()));
  // 32 uploads in flight at a time until the process is gone; the kill comes after 300 answers.
  const worker = async () => {
    while (!killed) {
      const key = `images/crash/${String(next++).padStart(5, '0')}.bin`;
      const body = randomBytes(1024);
      try {
        const res = await s3Request(first.base, admin, 'PUT', key, { body });
        if (res.status === 200) acknowledged.set(key, body);
        if (acknowledged.size >= 300 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch {
        // Connections cut by the kill: these uploads were never acknowledged.
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await exited;
  assert.ok(next > acknowledged.size, 'some uploads were still in flight when the process died');

  const second = await startChild();
  for (const [key, body] of acknowledged) {
    const res = await s3Request(second.base, admin, 'GET', key);
    assert.equal(res.status, 200, `${key} was acknowledged but is gone: ${res.text}`);
    assert.ok(res.body.equals(body), `${key} is not the body that was acknowledged`);
  }
  // Whatever was cut off is either whole or absent, and no body without an object is left.
  const listed = await s3Request(second.base, admin, 'GET', '', {
    query: { 'list-type': '2', prefix: 'images/crash/' },
  });
  const keys = [...listed.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
  assert.ok(keys.length >= acknowledged.size);
  assert.equal(readdirSync(join(dataDir, 's3', 'objects')).length, keys.length);
  second.child.kill('SIGKILL');
});
