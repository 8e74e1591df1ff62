import type { FileField } from '../attachments/file-fields';
import type { RecordFiles, ScanSources } from './scan-sources';

/**
 * Paths one reference pass asks about. AppSync turns the filter's `or` of `eq`/`contains` into one
 * DynamoDB filter expression, which may be at most 4 KB: 50 terms with their placeholders stay
 * well below that.
 */
export const REFERENCE_BATCH = 50;

/** The longest a round waits for announced deletes that have not asked yet. */
const COLLECT_MS = 100;

interface Waiting {
  readonly path: string;
  readonly answer: (found: RecordFiles | null) => void;
  readonly fail: (err: unknown) => void;
}

/**
 * Answers "does any record reference this path now?" for many deletes at once. A filtered list is
 * a full table scan in the cloud, so the paths waiting together share one pass per file field
 * (at most `batchSize` paths a pass, passes of one round run side by side). A path never joins a
 * round already running: its answer comes from listings started after it asked, so a reference
 * made meanwhile is seen.
 *
 * A round starts when every announced delete has asked (or gone another way), when a batch is
 * full, or COLLECT_MS after the first asked, whichever comes first.
 */
export class ReferenceCheck {
  private queue: Waiting[] = [];
  private coming = 0;
  private state: 'idle' | 'collecting' | 'running' = 'idle';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly sources: ScanSources,
    private readonly fields: readonly FileField[],
    private readonly batchSize = REFERENCE_BATCH,
  ) {}

  /** A delete that will ask soon (its file is being looked at): the next round waits for it. */
  announce(): void {
    this.coming++;
  }

  /** An announced delete that will not ask after all. */
  withdraw(): void {
    this.coming--;
    this.startIfReady();
  }

  /** The first record (in field order) that references the path now, or null. */
  referencing(path: string, announced = false): Promise<RecordFiles | null> {
    if (announced) this.coming--;
    return new Promise((answer, fail) => {
      this.queue.push({ path, answer, fail });
      if (this.state === 'idle') this.collect();
      else this.startIfReady();
    });
  }

  private collect(): void {
    this.state = 'collecting';
    this.timer = setTimeout(() => this.start(), COLLECT_MS);
    this.startIfReady();
  }

  private startIfReady(): void {
    if (this.state !== 'collecting') return;
    if (this.coming <= 0 || this.queue.length >= this.batchSize) {
      clearTimeout(this.timer);
      // A macrotask, so that deletes asking in this same turn still join.
      this.timer = setTimeout(() => this.start(), 0);
    }
  }

  private async start(): Promise<void> {
    if (this.state !== 'collecting') return;
    clearTimeout(this.timer);
    this.state = 'running';
    const waiting = this.queue;
    this.queue = [];
    const batches: Waiting[][] = [];
    for (let i = 0; i < waiting.length; i += this.batchSize) batches.push(waiting.slice(i, i + this.batchSize));
    await Promise.all(batches.map((b) => this.pass(b)));
    this.state = 'idle';
    if (this.queue.length) this.collect();
  }

  private async pass(batch: Waiting[]): Promise<void> {
    const paths = [...new Set(batch.map((w) => w.path))];
    try {
      const byField = await Promise.all(this.fields.map((f) => this.sources.referencesTo(f, paths)));
      const first = new Map<string, RecordFiles>();
      for (const records of byField)
        for (const r of records) for (const p of r.paths) if (!first.has(p)) first.set(p, r);
      for (const w of batch) w.answer(first.get(w.path) ?? null);
    } catch (err) {
      for (const w of batch) w.fail(err);
    }
  }
}
