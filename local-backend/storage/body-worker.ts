// A worker thread that writes upload bodies to disk and hashes them, so the main thread only
// parses HTTP. Messages: open → data… → end (or abort); answers: ack (bytes taken), done, error.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync, writevSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createDigest, type ChecksumAlgorithm, type Digest } from './checksums.ts';

export type ToWorker =
  | { op: 'open'; id: number; path: string; sha256: boolean; algorithm?: ChecksumAlgorithm }
  | { op: 'data'; id: number; chunks: Uint8Array[] }
  | { op: 'end'; id: number }
  | { op: 'abort'; id: number };

export type FromWorker =
  | { op: 'ack'; id: number; bytes: number }
  | { op: 'done'; id: number; md5: Uint8Array; sha256?: Uint8Array; checksum?: Uint8Array }
  | { op: 'error'; id: number; message: string };

interface Job {
  fd: number;
  path: string;
  md5: Hash;
  sha256?: Hash;
  digest?: Digest;
  failed: boolean;
}

/** Writes every buffer in order with as few calls as the kernel allows. */
function writeAll(fd: number, buffers: Buffer[], total: number): void {
  let written = writevSync(fd, buffers);
  if (written === total) return;
  for (const buffer of buffers) {
    if (written >= buffer.length) {
      written -= buffer.length;
      continue;
    }
    for (let off = written; off < buffer.length; ) off += writeSync(fd, buffer, off);
    written = 0;
  }
}

const port = parentPort!;
const jobs = new Map<number, Job>();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  const job = jobs.get(m.id);
  try {
    switch (m.op) {
      case 'open':
        jobs.set(m.id, {
          fd: openSync(m.path, 'w'),
          path: m.path,
          md5: createHash('md5'),
          sha256: m.sha256 ? createHash('sha256') : undefined,
          digest: m.algorithm ? createDigest(m.algorithm) : undefined,
          failed: false,
        });
        return;
      case 'data': {
        if (!job || job.failed) return;
        let bytes = 0;
        const buffers = m.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
        for (const chunk of buffers) {
          job.md5.update(chunk);
          job.sha256?.update(chunk);
          job.digest?.update(chunk);
          bytes += chunk.length;
        }
        writeAll(job.fd, buffers, bytes);
        post({ op: 'ack', id: m.id, bytes });
        return;
      }
      case 'end':
        if (!job || job.failed) return;
        jobs.delete(m.id);
        closeSync(job.fd);
        post({
          op: 'done',
          id: m.id,
          md5: job.md5.digest(),
          sha256: job.sha256?.digest(),
          checksum: job.digest?.digest(),
        });
        return;
      case 'abort':
        if (!job) return;
        jobs.delete(m.id);
        closeSync(job.fd);
        rmSync(job.path, { force: true });
        return;
    }
  } catch (err) {
    if (job) {
      job.failed = true;
      jobs.delete(m.id);
      try {
        closeSync(job.fd);
      } catch {
        // already closed
      }
      rmSync(job.path, { force: true });
    }
    post({ op: 'error', id: m.id, message: (err as Error).message });
  }
});
