import { AttachmentError } from '../app/attachments/attachment-error';
import type { FileField } from '../app/attachments/file-fields';
import type { Page, RecordFiles, ScanSources, StoredObject } from '../app/orphans/scan-sources';

interface FakeRecord {
  id: string;
  updatedAt: string;
  fields: Record<string, string[]>;
}

/**
 * Storage and records in memory, paginated like the real listings. With `held`, every call waits
 * until `release()`, so specs can look between pages. `calls` records what was asked.
 */
export class FakeScanSources implements ScanSources {
  readonly objects = new Map<string, StoredObject>();
  readonly records = new Map<string, Map<string, FakeRecord>>();
  readonly calls: string[] = [];
  held = false;
  private waiting: (() => void)[] = [];
  private version = 0;

  constructor(readonly pageSize = 2) {}

  file(path: string, size = 100, lastModified = new Date('2026-01-01T00:00:00Z')): this {
    this.objects.set(path, { path, size, lastModified });
    return this;
  }

  record(model: string, id: string, fields: Record<string, string[]>): this {
    if (!this.records.has(model)) this.records.set(model, new Map());
    this.records.get(model)!.set(id, { id, updatedAt: this.stamp(), fields });
    return this;
  }

  /** Changes a record behind the scan's back (a new version). */
  touch(model: string, id: string, fields: Record<string, string[]>): void {
    this.record(model, id, fields);
  }

  release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const go of waiting) go();
  }

  get pending(): number {
    return this.waiting.length;
  }

  async listFiles(prefix: string, nextToken?: string): Promise<Page<StoredObject>> {
    this.calls.push(`files ${nextToken ?? 'first'}`);
    await this.gate();
    const all = [...this.objects.values()]
      .filter((o) => o.path.startsWith(prefix))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    return this.page(all, nextToken);
  }

  async listRecords(field: FileField, nextToken?: string): Promise<Page<RecordFiles>> {
    this.calls.push(`${field.model} ${nextToken ?? 'first'}`);
    await this.gate();
    return this.page(this.recordsOf(field), nextToken);
  }

  async referencesTo(field: FileField, paths: readonly string[]): Promise<RecordFiles[]> {
    this.calls.push(`refs ${field.model} ${paths.join(',')}`);
    // Read when the pass starts: a record changed while it is held back is not in its answer.
    const found = this.recordsOf(field).filter((r) => r.paths.some((p) => paths.includes(p)));
    await this.gate();
    return found;
  }

  async fileAt(path: string): Promise<StoredObject | null> {
    await this.gate();
    return this.objects.get(path) ?? null;
  }

  async setPaths(field: FileField, id: string, paths: readonly string[], expectUpdatedAt: string): Promise<void> {
    this.calls.push(`set ${field.model} ${id} ${paths.join(',')}`);
    await this.gate();
    const r = this.records.get(field.model)?.get(id);
    if (!r || r.updatedAt !== expectUpdatedAt) throw new AttachmentError('conflict', 'Changed.');
    this.record(field.model, id, { ...r.fields, [field.field]: [...paths] });
  }

  async removeFile(path: string): Promise<void> {
    this.calls.push(`remove ${path}`);
    await this.gate();
    this.objects.delete(path);
  }

  private recordsOf(field: FileField): RecordFiles[] {
    return [...(this.records.get(field.model)?.values() ?? [])].map((r) => ({
      model: field.model,
      id: r.id,
      updatedAt: r.updatedAt,
      field: field.field,
      paths: r.fields[field.field] ?? [],
    }));
  }

  private page<T>(all: T[], nextToken?: string): Page<T> {
    const start = nextToken ? Number(nextToken) : 0;
    const end = start + this.pageSize;
    return { items: all.slice(start, end), nextToken: end < all.length ? String(end) : null };
  }

  private stamp(): string {
    return new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ++this.version)).toISOString();
  }

  private gate(): Promise<void> {
    return this.held ? new Promise((go) => this.waiting.push(go)) : Promise.resolve();
  }
}
