import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, rmSync, writeFile as writeFileCallback } from 'node:fs';
import { promisify } from 'node:util';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './body-worker.ts';
import { createDigest, type ChecksumAlgorithm } from './checksums.ts';

/** What a body needs computed over it besides its MD5 (the ETag). */
export interface SinkNeeds {
  sha256: boolean;
  algorithm?: ChecksumAlgorithm;
}

export interface SinkResult {
  md5: Buffer;
  sha256?: Buffer;
  checksum?: Buffer;
}

/** Where an upload body goes: written to `path` and hashed as it arrives. */
export interface BodySink {
  /**
   * Takes the chunk (and may take its memory: the caller must not use it afterwards). Resolves
   * at once unless the sink is behind, then when it has caught up.
   */
  write(chunk: Buffer): Promise<void> | undefined;
  finish(): Promise<SinkResult>;
  /** Drops whatever was written. */
  abort(): void;
}

// The callback API costs the main thread about half what fs/promises does per small file.
const writeFile = promisify(writeFileCallback);

/** Bodies up to this size are hashed in place and written with one call. */
const SMALL_BODY = 256 * 1024;
/** Bytes gathered before they are handed to a worker in one message. */
const BATCH = 1024 * 1024;
/** How far the main thread may run ahead of a worker before it waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

function memorySink(path: string, needs: SinkNeeds): BodySink {
  const chunks: Buffer[] = [];
  return {
    write: (chunk) => void chunks.push(chunk),
    async finish() {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const digest = needs.algorithm ? createDigest(needs.algorithm) : undefined;
      digest?.update(body);
      await writeFile(path, body);
      return {
        md5: createHash('md5').update(body).digest(),
        sha256: needs.sha256 ? createHash('sha256').update(body).digest() : undefined,
        checksum: digest?.digest(),
      };
    },
    abort: () => rmSync(path, { force: true }),
  };
}

/** Written and hashed on this thread as it arrives: the fallback when no worker is available. */
function streamSink(path: string, needs: SinkNeeds): BodySink {
  const file = createWriteStream(path);
  const md5 = createHash('md5');
  const sha256 = needs.sha256 ? createHash('sha256') : undefined;
  const digest = needs.algorithm ? createDigest(needs.algorithm) : undefined;
  let error: Error | undefined;
  file.on('error', (err) => (error = err));
  return {
    write(chunk) {
      if (error) throw error;
      md5.update(chunk);
      sha256?.update(chunk);
      digest?.update(chunk);
      return file.write(chunk) ? undefined : once(file, 'drain').then(() => undefined);
    },
    async finish() {
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return { md5: md5.digest(), sha256: sha256?.digest(), checksum: digest?.digest() };
    },
    abort() {
      file.destroy();
      rmSync(path, { force: true });
    },
  };
}

interface Pending {
  inFlight: number;
  waiting?: () => void;
  done?: { resolve: (r: SinkResult) => void; reject: (e: Error) => void };
  error?: Error;
}

class WorkerPool {
  /** A worker died (or never started): later bodies are handled on the main thread. */
  broken = false;
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./body-worker.ts', import.meta.url));
      worker.on('message', (m: FromWorker) => this.onMessage(m));
      const lost = (err: Error) => {
        this.broken = true;
        for (const job of this.jobs.values()) this.fail(job, err);
      };
      worker.on('error', lost);
      worker.on('exit', () => lost(new Error('an upload worker thread stopped')));
      this.workers.push(worker);
    }
  }

  private onMessage(m: FromWorker): void {
    const job = this.jobs.get(m.id);
    if (!job) return;
    if (m.op === 'ack') {
      job.inFlight -= m.bytes;
      if (job.inFlight <= MAX_IN_FLIGHT / 2 && job.waiting) {
        const go = job.waiting;
        job.waiting = undefined;
        go();
      }
    } else if (m.op === 'done') {
      this.jobs.delete(m.id);
      const buf = (u: Uint8Array | undefined) => (u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength) : undefined);
      job.done?.resolve({ md5: buf(m.md5)!, sha256: buf(m.sha256), checksum: buf(m.checksum) });
    } else {
      this.jobs.delete(m.id);
      this.fail(job, new Error(`writing an upload body failed: ${m.message}`));
    }
  }

  private fail(job: Pending, err: Error): void {
    job.error = err;
    job.done?.reject(err);
    job.waiting?.();
  }

  async close(): Promise<void> {
    this.broken = true;
    for (const job of this.jobs.values()) this.fail(job, new Error('the object store closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  open(path: string, needs: SinkNeeds): BodySink {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    const send = (m: ToWorker) => worker.postMessage(m);
    const job: Pending = { inFlight: 0 };
    this.jobs.set(id, job);
    send({ op: 'open', id, path, sha256: needs.sha256, algorithm: needs.algorithm });
    // Chunks go over in batches: one message per batch costs far less than one per socket read.
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const flush = () => {
      if (batch.length === 0) return;
      const chunks = batch;
      batch = [];
      batchBytes = 0;
      worker.postMessage(
        { op: 'data', id, chunks } satisfies ToWorker,
        chunks.map((c) => c.buffer as ArrayBuffer),
      );
    };
    return {
      write: (chunk) => {
        if (job.error) throw job.error;
        job.inFlight += chunk.length;
        // A chunk that is all of its memory (as socket reads are) moves to the worker as it is;
        // one that shares memory with other buffers is copied first.
        let owned: Buffer = chunk;
        if (
          chunk.byteOffset !== 0 ||
          chunk.byteLength !== chunk.buffer.byteLength ||
          !(chunk.buffer instanceof ArrayBuffer)
        ) {
          owned = Buffer.allocUnsafeSlow(chunk.length);
          chunk.copy(owned);
        }
        batch.push(owned);
        batchBytes += owned.length;
        if (batchBytes >= BATCH) flush();
        if (job.inFlight <= MAX_IN_FLIGHT) return undefined;
        return new Promise<void>((resolve) => (job.waiting = resolve));
      },
      finish: () => {
        if (job.error) return Promise.reject(job.error);
        flush();
        return new Promise<SinkResult>((resolve, reject) => {
          job.done = { resolve, reject };
          send({ op: 'end', id });
        });
      },
      abort: () => {
        this.jobs.delete(id);
        send({ op: 'abort', id });
      },
    };
  }
}

/**
 * Sinks for one object store: small bodies in memory, larger ones through worker threads started
 * on first use and stopped by close().
 */
export class BodySinks {
  private workers: WorkerPool | undefined;

  /** `threads`: worker threads for large bodies (0: write and hash them on the main thread). */
  constructor(private readonly threads = Math.max(1, Math.min(2, availableParallelism() - 1))) {}

  /** A sink for a body of `expectedSize` bytes, if known. */
  open(path: string, needs: SinkNeeds, expectedSize: number | undefined): BodySink {
    if (expectedSize !== undefined && expectedSize <= SMALL_BODY) return memorySink(path, needs);
    if (this.threads === 0) return streamSink(path, needs);
    this.workers ??= new WorkerPool(this.threads);
    return this.workers.broken ? streamSink(path, needs) : this.workers.open(path, needs);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    await workers?.close();
  }
}
