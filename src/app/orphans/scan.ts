import { EMPTY, Observable, defer, expand, merge, tap } from 'rxjs';
import type { FileField } from '../attachments/file-fields';
import type {
  DanglingRef,
  FieldTotals,
  OrphanFile,
  PrefixTotals,
  RecordKey,
  ScanEvent,
  ScanProgress,
  ScanReport,
  SharedFile,
  UncheckedRef,
} from './orphan-report';
import { ownerIdOf } from './orphan-report';
import { type ScanPlan, fieldName, prefixOf } from './scan-plan';
import type { Page, RecordFiles, ScanSources, StoredObject } from './scan-sources';

export interface ScanOptions {
  /** A file younger than this may be an upload in flight: reported, never cleaned up. */
  readonly graceMs: number;
  readonly now: () => Date;
}

/** Every page of a paginated listing, one after another. */
function pages<T>(fetch: (token?: string) => Promise<Page<T>>): Observable<Page<T>> {
  return defer(() => fetch()).pipe(expand((page) => (page.nextToken ? defer(() => fetch(page.nextToken!)) : EMPTY)));
}

interface Ref extends RecordKey {
  readonly updatedAt: string;
  readonly fieldPaths: readonly string[];
}

/**
 * The join, fed page by page from both sides in whatever order they arrive. It keeps one small
 * entry per object and per referenced path (not the pages), so memory grows with the number of
 * keys and nothing else.
 */
class Join {
  readonly objects = new Map<string, { size: number; modified?: number }>();
  /** Path → the record fields referencing it (an array only when shared). */
  readonly refs = new Map<string, Ref | Ref[]>();
  readonly owners = new Map<string, string>();
  readonly recordCounts: Record<string, number> = {};
  /** The field whose listing counts a model's records (a model with two file fields is listed twice). */
  private readonly counting = new Map<string, FileField>();

  constructor(private readonly plan: ScanPlan) {
    for (const f of plan.fields) if (!this.counting.has(f.model)) this.counting.set(f.model, f);
  }

  addFiles(items: readonly StoredObject[]): void {
    for (const o of items) {
      // S3 lists no "folders" as objects, but other tools create zero-byte keys ending in '/'.
      if (o.path.endsWith('/')) continue;
      this.objects.set(o.path, { size: o.size, modified: o.lastModified?.getTime() });
    }
  }

  addRecords(field: FileField, items: readonly RecordFiles[]): void {
    if (this.counting.get(field.model) === field) {
      this.recordCounts[field.model] = (this.recordCounts[field.model] ?? 0) + items.length;
    }
    for (const r of items) {
      this.owners.set(r.id, r.model);
      for (const path of new Set(r.paths)) {
        const ref: Ref = { model: r.model, id: r.id, field: r.field, updatedAt: r.updatedAt, fieldPaths: r.paths };
        const seen = this.refs.get(path);
        this.refs.set(path, seen === undefined ? ref : Array.isArray(seen) ? [...seen, ref] : [seen, ref]);
      }
    }
  }

  report(options: ScanOptions): ScanReport {
    const now = options.now();
    const orphans: OrphanFile[] = [];
    const shared: SharedFile[] = [];
    const dangling: DanglingRef[] = [];
    const unchecked: UncheckedRef[] = [];
    // Counted in place: one small object per prefix and per field, not one per file.
    const perPrefix = new Map<string, { -readonly [K in keyof PrefixTotals]: number }>(
      this.plan.prefixes.map((p) => [p.prefix, { files: 0, bytes: 0, orphaned: 0, orphanedBytes: 0 }]),
    );
    let bytes = 0;
    let orphanedBytes = 0;
    for (const [path, o] of this.objects) {
      bytes += o.size;
      const prefix = prefixOf(path, this.plan.prefixes);
      const totals = prefix && perPrefix.get(prefix.prefix);
      const refs = this.refs.get(path);
      if (refs === undefined) {
        const id = prefix && !prefix.ownerScoped ? ownerIdOf(path, prefix.prefix) : null;
        const model = id === null ? undefined : this.owners.get(id);
        orphans.push({
          path,
          size: o.size,
          lastModified: o.modified === undefined ? undefined : new Date(o.modified),
          prefix: prefix?.prefix ?? '',
          owner: { id, model, exists: model !== undefined },
          young: o.modified === undefined || now.getTime() - o.modified < options.graceMs,
        });
        orphanedBytes += o.size;
      } else if (Array.isArray(refs) && new Set(refs.map((r) => `${r.model}#${r.id}`)).size > 1) {
        shared.push({ path, size: o.size, refs: refs.map(({ model, id, field }) => ({ model, id, field })) });
      }
      if (totals) {
        totals.files++;
        totals.bytes += o.size;
        if (refs === undefined) {
          totals.orphaned++;
          totals.orphanedBytes += o.size;
        }
      }
    }
    const perField = new Map<string, Map<string, { -readonly [K in keyof FieldTotals]: number }>>();
    for (const [path, refs] of this.refs) {
      const found = this.objects.has(path);
      // A path under no prefix listed was not looked for: not known to be missing.
      const listed = found || prefixOf(path, this.plan.prefixes) !== undefined;
      for (const r of Array.isArray(refs) ? refs : [refs]) {
        if (listed) {
          let fields = perField.get(r.model);
          if (!fields) perField.set(r.model, (fields = new Map()));
          let t = fields.get(r.field);
          if (!t) fields.set(r.field, (t = { references: 0, dangling: 0 }));
          t.references++;
          if (!found) t.dangling++;
        }
        if (found) continue;
        if (!listed) {
          const reason = prefixOf(path, this.plan.unlisted) ? 'unlisted' : 'not-storage';
          unchecked.push({ model: r.model, id: r.id, field: r.field, path, reason });
          continue;
        }
        dangling.push({
          model: r.model,
          id: r.id,
          field: r.field,
          path,
          updatedAt: r.updatedAt,
          fieldPaths: r.fieldPaths,
        });
      }
    }
    return {
      scannedAt: now,
      graceMs: options.graceMs,
      orphans,
      dangling,
      shared,
      prefixes: this.plan.prefixes,
      unlisted: this.plan.unlisted,
      unread: this.plan.unread,
      unchecked,
      totals: {
        files: this.objects.size,
        bytes,
        referenced: this.objects.size - orphans.length,
        orphaned: orphans.length,
        orphanedBytes,
        dangling: dangling.length,
        shared: shared.length,
        records: { ...this.recordCounts },
        prefixes: Object.fromEntries(perPrefix),
        fields: Object.fromEntries(
          [...perField].flatMap(([model, fields]) => [...fields].map(([field, t]) => [fieldName({ model, field }), t])),
        ),
      },
    };
  }
}

/**
 * Scans every storage prefix of the plan and the records of every file field at once (each listing
 * pages on its own): emits progress after every page, then the report. Unsubscribing cancels the
 * scan: no further page is requested.
 */
export function scanOrphans(sources: ScanSources, plan: ScanPlan, options: ScanOptions): Observable<ScanEvent> {
  return new Observable<ScanEvent>((subscriber) => {
    const join = new Join(plan);
    let progress: ScanProgress = { filePages: 0, files: 0, recordPages: 0, records: 0 };
    const files = plan.prefixes.map(({ prefix }) =>
      pages((token) => sources.listFiles(prefix, token)).pipe(
        tap((page) => {
          join.addFiles(page.items);
          progress = { ...progress, filePages: progress.filePages + 1, files: progress.files + page.items.length };
        }),
      ),
    );
    const records = plan.fields.map((field) =>
      pages((token) => sources.listRecords(field, token)).pipe(
        tap((page) => {
          join.addRecords(field, page.items);
          progress = {
            ...progress,
            recordPages: progress.recordPages + 1,
            records: progress.records + page.items.length,
          };
        }),
      ),
    );
    return merge(...files, ...records).subscribe({
      next: () => subscriber.next({ type: 'progress', progress }),
      error: (err: unknown) => subscriber.error(err),
      complete: () => {
        subscriber.next({ type: 'done', progress, report: join.report(options) });
        subscriber.complete();
      },
    });
  });
}
