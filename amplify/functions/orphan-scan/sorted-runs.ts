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

const byPath = (a: FileRef, b: FileRef) => compareUtf8(a.path, b.path);

/**
 * An external sort of references by path: held in memory up to `runSize`, then each full run is
 * sorted and written to a temporary file; `sorted()` merges the runs. Memory stays at one run
 * plus one line per run file, however many references there are.
 */
export class SortedRuns {
  private readonly dir = mkdtempSync(join(tmpdir(), 'orphan-scan-'));
  private buffer: FileRef[] = [];
  private readonly runs: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private unwritten = 0;
  count = 0;

  constructor(private readonly runSize = 50_000) {}

  add(ref: FileRef): void {
    this.buffer.push(ref);
    this.count++;
    if (this.buffer.length >= this.runSize) this.spill();
  }

  /** Every reference, ordered by path (then as added), once. */
  async *sorted(): AsyncGenerator<FileRef> {
    if (this.runs.length === 0) {
      yield* this.buffer.sort(byPath);
      this.buffer = [];
      return;
    }
    if (this.buffer.length) this.spill();
    await this.writing;
    const readers = this.runs.map((file) => createInterface({ input: createReadStream(file) })[Symbol.asyncIterator]());
    const heads: (FileRef | undefined)[] = await Promise.all(readers.map(next));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h && (best < 0 || byPath(h, heads[best]!) < 0)) best = i;
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
    const run = this.buffer.sort(byPath);
    this.buffer = [];
    const file = join(this.dir, `run-${this.runs.length}.ndjson`);
    this.runs.push(file);
    this.unwritten++;
    this.writing = this.writing.then(async () => {
      const out = createWriteStream(file);
      for (const r of run) {
        if (!out.write(JSON.stringify([r.path, r.model, r.id, r.field, r.updatedAt]) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      this.unwritten--;
    });
  }
}

async function next(lines: AsyncIterator<string>): Promise<FileRef | undefined> {
  const line = await lines.next();
  if (line.done) return undefined;
  const [path, model, id, field, updatedAt] = JSON.parse(line.value) as string[];
  return { path: path!, model: model!, id: id!, field: field!, updatedAt: updatedAt! };
}
