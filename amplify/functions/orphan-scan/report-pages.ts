import { gzipSync } from 'node:zlib';

export type PutObject = (key: string, body: Buffer, contentType: string, encoding?: string) => Promise<void>;

/**
 * One kind of report entry (orphans, dangling, shared) written as gzip NDJSON pages of `pageSize`
 * lines: `<prefix><kind>-0001.ndjson.gz`, … Only the page being filled is held in memory.
 */
export class ReportPages {
  private lines: string[] = [];
  readonly pages: string[] = [];
  count = 0;
  private uploads: Promise<void>[] = [];

  constructor(
    private readonly prefix: string,
    private readonly kind: string,
    private readonly put: PutObject,
    private readonly pageSize = 10_000,
  ) {}

  async add(entry: unknown): Promise<void> {
    this.lines.push(JSON.stringify(entry));
    this.count++;
    if (this.lines.length >= this.pageSize) await this.flush();
  }

  /** Writes the last page; resolves with the pages' keys once every upload is done. */
  async finish(): Promise<string[]> {
    if (this.lines.length) await this.flush();
    await Promise.all(this.uploads);
    return this.pages;
  }

  private async flush(): Promise<void> {
    const key = `${this.prefix}${this.kind}-${String(this.pages.length + 1).padStart(4, '0')}.ndjson.gz`;
    const body = gzipSync(this.lines.join('\n') + '\n');
    this.lines = [];
    this.pages.push(key);
    // At most two uploads in flight per kind: the scan goes on while a page is sent.
    if (this.uploads.length >= 2) await this.uploads.shift();
    this.uploads.push(this.put(key, body, 'application/x-ndjson', 'gzip'));
  }
}
