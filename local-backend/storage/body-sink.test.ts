import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BodySinks } from './body-sink.ts';
import { createDigest } from './checksums.ts';

// Upload bodies are written and hashed in memory (small), in a worker thread (large), or on the
// main thread when no worker is to be had; each way must give the same file and the same digests.

const dir = mkdtempSync(join(tmpdir(), 'body-sink-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ways: [string, BodySinks, number | undefined][] = [
  ['in memory', new BodySinks(), 1000],
  ['in a worker thread', new BodySinks(1), undefined],
  ['on the main thread', new BodySinks(0), undefined],
];
after(() => Promise.all(ways.map(([, sinks]) => sinks.close())));

for (const [way, sinks, declared] of ways) {
  describe(way, () => {
    test('the file holds the body; MD5, SHA-256 and the asked-for checksum are the body’s', async () => {
      const body = randomBytes(declared ?? 6 * 1024 * 1024 + 17);
      const path = join(dir, `${way}.bin`);
      const sink = sinks.open(path, { sha256: true, algorithm: 'CRC64NVME' }, declared ?? undefined);
      for (let i = 0; i < body.length; i += 65_536) await sink.write(body.subarray(i, i + 65_536));
      const result = await sink.finish();
      assert.ok(readFileSync(path).equals(body));
      assert.deepEqual(result.md5, createHash('md5').update(body).digest());
      assert.deepEqual(result.sha256, createHash('sha256').update(body).digest());
      const crc = createDigest('CRC64NVME');
      crc.update(body);
      assert.deepEqual(result.checksum, crc.digest());
    });

    test('a body in thousands of small pieces is written whole and in order', async () => {
      // More pieces than one writev call takes (IOV_MAX is 1024 on Linux).
      const body = randomBytes(2000 * 97);
      const path = join(dir, `${way}-pieces.bin`);
      const sink = sinks.open(path, { sha256: false }, declared === undefined ? undefined : body.length);
      for (let i = 0; i < body.length; i += 97) await sink.write(body.subarray(i, i + 97));
      const result = await sink.finish();
      assert.ok(readFileSync(path).equals(body));
      assert.deepEqual(result.md5, createHash('md5').update(body).digest());
    });

    test('an aborted body leaves no file', async () => {
      const path = join(dir, `${way}-aborted.bin`);
      const sink = sinks.open(path, { sha256: false }, declared);
      await sink.write(randomBytes(100));
      sink.abort();
      // The worker removes its file after the messages before the abort.
      for (let i = 0; i < 50 && existsSync(path); i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(existsSync(path), false);
    });
  });
}
