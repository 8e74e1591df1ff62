import { compareUtf8, type FileRef } from './sorted-runs';

export interface ListedObject {
  key: string;
  size: number;
  lastModified: number;
}

export interface PrefixTotals {
  files: number;
  bytes: number;
  orphaned: number;
  orphanedBytes: number;
}

export interface JoinTotals {
  files: number;
  bytes: number;
  referenced: number;
  orphaned: number;
  orphanedBytes: number;
  dangling: number;
  shared: number;
  prefixes: Record<string, PrefixTotals>;
  /** Per file field (`Model.field`): the references checked and how many point at no file. */
  fields: Record<string, { references: number; dangling: number }>;
}

/** Where each finding goes (the report's pages). */
export interface JoinSink {
  orphan(o: {
    path: string;
    size: number;
    lastModified: string;
    prefix: string;
    ownerId: string | null;
    young: boolean;
  }): Promise<void>;
  dangling(d: { model: string; id: string; field: string; path: string; updatedAt: string }): Promise<void>;
  shared(s: { path: string; size: number; refs: { model: string; id: string; field: string }[] }): Promise<void>;
}

/**
 * A merge join of two streams both in S3's key order: the bucket's objects (under the listed
 * prefixes) and the records' references. An object no reference meets is an orphan; a reference
 * no object meets is dangling; an object that references of more than one record meet is shared.
 * Only the references to one path are held at a time. With `recheck`, a referenced path the
 * objects do not hold is asked for once before its references are called dangling (the objects
 * come from an inventory report, older than the newest files): found, it counts as an object.
 */
export async function joinListingWithRefs(
  objects: AsyncIterable<ListedObject>,
  refs: AsyncIterable<FileRef>,
  prefixes: string[],
  options: { now: number; graceMs: number; recheck?: (path: string) => Promise<ListedObject | undefined> },
  sink: JoinSink,
): Promise<JoinTotals> {
  const totals: JoinTotals = {
    files: 0,
    bytes: 0,
    referenced: 0,
    orphaned: 0,
    orphanedBytes: 0,
    dangling: 0,
    shared: 0,
    prefixes: Object.fromEntries(prefixes.map((p) => [p, { files: 0, bytes: 0, orphaned: 0, orphanedBytes: 0 }])),
    fields: {},
  };
  const prefixOf = (key: string) => prefixes.find((p) => key.startsWith(p)) ?? '';
  const refIt = refs[Symbol.asyncIterator]();
  let ref = (await refIt.next()).value as FileRef | undefined;
  const field = (r: FileRef) => (totals.fields[`${r.model}.${r.field}`] ??= { references: 0, dangling: 0 });

  /** Consumes every reference to the smallest path left if it is below `key` (or all, at the end): dangling. */
  const danglingBefore = async (key: string | undefined) => {
    while (ref && (key === undefined || compareUtf8(ref.path, key) < 0)) {
      const late = await options.recheck?.(ref.path);
      if (late && late.key === ref.path) {
        await meet(late);
        continue;
      }
      const path = ref.path;
      while (ref && ref.path === path) {
        field(ref).references++;
        field(ref).dangling++;
        totals.dangling++;
        await sink.dangling({
          model: ref.model,
          id: ref.id,
          field: ref.field,
          path: ref.path,
          updatedAt: ref.updatedAt,
        });
        ref = (await refIt.next()).value as FileRef | undefined;
      }
    }
  };

  /** Counts one object and consumes the references to it: an orphan, referenced, or shared. */
  const meet = async (o: ListedObject) => {
    const prefix = prefixOf(o.key);
    const p = (totals.prefixes[prefix] ??= { files: 0, bytes: 0, orphaned: 0, orphanedBytes: 0 });
    totals.files++;
    totals.bytes += o.size;
    p.files++;
    p.bytes += o.size;
    const holders: FileRef[] = [];
    while (ref && ref.path === o.key) {
      field(ref).references++;
      holders.push(ref);
      ref = (await refIt.next()).value as FileRef | undefined;
    }
    if (holders.length === 0) {
      totals.orphaned++;
      totals.orphanedBytes += o.size;
      p.orphaned++;
      p.orphanedBytes += o.size;
      const ownerId = /^([^/]+)\//.exec(o.key.slice(prefix.length))?.[1] ?? null;
      await sink.orphan({
        path: o.key,
        size: o.size,
        lastModified: new Date(o.lastModified).toISOString(),
        prefix,
        ownerId,
        young: options.now - o.lastModified < options.graceMs,
      });
      return;
    }
    totals.referenced++;
    const records = new Set(holders.map((h) => `${h.model}\u0000${h.id}`));
    if (records.size > 1) {
      totals.shared++;
      await sink.shared({
        path: o.key,
        size: o.size,
        refs: holders.map((h) => ({ model: h.model, id: h.id, field: h.field })),
      });
    }
  };

  for await (const o of objects) {
    await danglingBefore(o.key);
    await meet(o);
  }
  await danglingBefore(undefined);
  return totals;
}
