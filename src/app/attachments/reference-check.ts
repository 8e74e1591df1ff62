/**
 * Paths one pass asks about. AppSync turns a list filter's `or` of `eq`/`contains` into one
 * DynamoDB filter expression, which may be at most 4 KB: 50 terms with their placeholders stay
 * well below that.
 */
export const REFERENCE_BATCH = 50;

/** When a round of questions starts (see BatchedReferenceCheck). */
export interface RoundTiming {
  /** The longest the first question of a round waits for others. */
  readonly collectMs: number;
  /** A round starts once no question came for this long (none: only `collectMs` counts). */
  readonly quietMs?: number;
}

/** One pass: who references each of these paths now (a path nobody references is absent). */
export type ReferencePass<R> = (paths: readonly string[]) => Promise<ReadonlyMap<string, R>>;

interface Waiting<R> {
  readonly path: string;
  readonly answer: (found: R | null) => void;
  readonly fail: (err: unknown) => void;
}

/**
 * Answers "does any record reference this path now?" for many deletes at once. A filtered list is
 * a full table scan in the cloud, so the paths waiting together share one pass (at most
 * `batchSize` paths a pass; the passes of one round run side by side). A path never joins a round
 * already running: its answer comes from listings started after it asked, so a reference made
 * meanwhile is seen.
 *
 * A round starts when a batch is full, when every announced question has been asked, after
 * `quietMs` without a new question, or `collectMs` after the first, whichever comes first.
 */
export class BatchedReferenceCheck<R> {
  private queue: Waiting<R>[] = [];
  private coming = 0;
  private state: 'idle' | 'collecting' | 'running' = 'idle';
  private deadline?: ReturnType<typeof setTimeout>;
  private quiet?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly pass: ReferencePass<R>,
    private readonly timing: RoundTiming = { collectMs: 100 },
    private readonly batchSize = REFERENCE_BATCH,
  ) {}

  /** A question that will come soon: the next round waits for it (up to `collectMs`). */
  announce(): void {
    this.coming++;
  }

  /** An announced question that will not come after all. */
  withdraw(): void {
    this.coming--;
    this.startIfReady();
  }

  /** Who references the path now, or null. Fails when the pass does (nothing can be told then). */
  referencing(path: string, announced = false): Promise<R | null> {
    if (announced) this.coming--;
    return new Promise((answer, fail) => {
      this.queue.push({ path, answer, fail });
      if (this.state === 'idle') this.collect();
      else this.startIfReady();
    });
  }

  private collect(): void {
    this.state = 'collecting';
    this.deadline = setTimeout(() => void this.start(), this.timing.collectMs);
    this.startIfReady();
  }

  private startIfReady(): void {
    if (this.state !== 'collecting') return;
    clearTimeout(this.quiet);
    // Announced questions still to come hold the round (up to the deadline) unless a batch is full.
    if (this.coming > 0 && this.queue.length < this.batchSize) return;
    const wait = this.queue.length >= this.batchSize ? 0 : (this.timing.quietMs ?? 0);
    // At least a macrotask, so that questions asked in this same turn still join.
    this.quiet = setTimeout(() => void this.start(), wait);
  }

  private async start(): Promise<void> {
    if (this.state !== 'collecting') return;
    clearTimeout(this.deadline);
    clearTimeout(this.quiet);
    this.state = 'running';
    const waiting = this.queue;
    this.queue = [];
    const batches: Waiting<R>[][] = [];
    for (let i = 0; i < waiting.length; i += this.batchSize) batches.push(waiting.slice(i, i + this.batchSize));
    await Promise.all(batches.map((b) => this.run(b)));
    this.state = 'idle';
    if (this.queue.length) this.collect();
  }

  private async run(batch: Waiting<R>[]): Promise<void> {
    try {
      const found = await this.pass([...new Set(batch.map((w) => w.path))]);
      for (const w of batch) w.answer(found.get(w.path) ?? null);
    } catch (err) {
      for (const w of batch) w.fail(err);
    }
  }
}
