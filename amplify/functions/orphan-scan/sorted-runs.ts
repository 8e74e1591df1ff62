import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * S3 lists keys in UTF-8 byte order; JavaScript compares UTF-16 code units, which differs only
 * where a character beyond U+FFFF (a surrogate pair) meets one from U+E000 to U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0) || x - y;
  }
  return a.length - b.length;
}

/** One reference of a record's file field to a storage path. */
export interface FileRef {
  path: string;
  model: string;
  id: string;
  field: string;
  updatedAt: string;
}

/** How an external sort orders its items and writes them to a run file (one line each). */
export interface RunCodec<T> {
  keyOf(item: T): string;
  encode(item: T): string;
  decode(line: string): T;
}

/**
 * An external sort by key (S3's order): items are held in memory up to `runSize`, then each full
 * run is sorted and written to a temporary file; `sorted()` merges the runs. Memory stays at one
 * run plus one line per run file, however many items there are.
 */
export class ExternalSort<T> {
  private readonly dir = mkdtempSync(join(tmpdir(), 'orphan-scan-'));
  private buffer: T[] = [];
  private readonly runs: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private unwritten = 0;
  private readonly byKey: (a: T, b: T) => number;
  count = 0;

  constructor(
    private readonly codec: RunCodec<T>,
    private readonly runSize = 50_000,
  ) {
    this.byKey = (a, b) => compareUtf8(codec.keyOf(a), codec.keyOf(b));
  }

  add(item: T): void {
    this.buffer.push(item);
    this.count++;
    if (this.buffer.length >= this.runSize) this.spill();
  }

  /** Every item, ordered by key (then as added), once. */
  async *sorted(): AsyncGenerator<T> {
    if (this.runs.length === 0) {
      yield* this.buffer.sort(this.byKey);
      this.buffer = [];
      return;
    }
    if (this.buffer.length) this.spill();
    await this.writing;
    const readers = this.runs.map((file) => createInterface({ input: createReadStream(file) })[Symbol.asyncIterator]());
    const next = async (lines: AsyncIterator<string>) => {
      const line = await lines.next();
      return line.done ? undefined : this.codec.decode(line.value);
    };
    const heads: (T | undefined)[] = await Promise.all(readers.map(next));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h !== undefined && (best < 0 || this.byKey(h, heads[best]!) < 0)) best = i;
      }
      if (best < 0) return;
      yield heads[best]!;
      heads[best] = await next(readers[best]!);
    }
  }

  /** Resolves once at most one spilled run is still being written: callers wait here between pages. */
  async ready(): Promise<void> {
    if (this.unwritten > 1) await this.writing;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spill(): void {
    const run = this.buffer.sort(this.byKey);
    this.buffer = [];
    const file = join(this.dir, `run-${this.runs.length}.ndjson`);
    this.runs.push(file);
    this.unwritten++;
    this.writing = this.writing.then(async () => {
      const out = createWriteStream(file);
      for (const r of run) {
        if (!out.write(this.codec.encode(r) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      this.unwritten--;
    });
  }
}

const refCodec: RunCodec<FileRef> = {
  keyOf: (r) => r.path,
  encode: (r) => JSON.stringify([r.path, r.model, r.id, r.field, r.updatedAt]),
  decode: (line) => {
    const [path, model, id, field, updatedAt] = JSON.parse(line) as string[];
    return { path: path!, model: model!, id: id!, field: field!, updatedAt: updatedAt! };
  },
};

/** References sorted by path, spilled to disk past `runSize`. */
export class SortedRuns extends ExternalSort<FileRef> {
  constructor(runSize = 50_000) {
    super(refCodec, runSize);
  }
}
