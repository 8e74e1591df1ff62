import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { REPORTS_PREFIX, SCANNED_FIELDS, SCANNED_PREFIXES, tableVariable, type ScannedField } from './fields';
import { ReportPages, type PutObject } from './report-pages';
import { headObject, inventoryInKeyOrder, usableInventory } from './inventory-source';
import { keptReports, pruneReports } from './report-retention';
import { RunRecord, type RunProgress } from './run-record';
import { joinListingWithRefs, type ListedObject } from './scan-join';
import { SortedRuns } from './sorted-runs';
import { startedByOf, type OrphanScanEvent } from './started-by';

/** What Gen 2 names the bucket's variable for a function it grants (the storage name in SCREAMING_SNAKE_CASE). */
const BUCKET_VARIABLE = 'ATTACHMENT_CONSOLE_FILES_BUCKET_NAME';
/** Parallel Scan segments per table (DynamoDB reads each segment on its own partition range). */
const SEGMENTS = 4;

export type { OrphanScanEvent } from './started-by';

export interface OrphanScanSummary {
  runId: string;
  startedBy: string;
  startedAt: string;
  finishedAt: string;
  graceMs: number;
  reportPrefix: string;
  /**
   * Where the objects came from: a listing of the bucket, or its newest S3 Inventory report (with
   * a HeadObject for each referenced path the report lacks). From a report, an unreferenced file
   * written after `inventory.createdAt` is not seen until the next report, and a file deleted
   * since may show as an orphan (the clean-up's re-check refuses to delete what is gone).
   */
  source: 'listing' | 'inventory';
  inventory?: { manifestKey: string; createdAt: string };
  /** Why a listing was made and not the newest inventory report read ('no inventory report yet', too old, …). */
  listedBecause?: string;
  totals: Awaited<ReturnType<typeof joinListingWithRefs>> & {
    records: Record<string, number>;
    /** References under no listed prefix, per field: not checked. */
    unchecked: Record<string, number>;
  };
  pages: { orphans: string[]; dangling: string[]; shared: string[] };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: amplify/backend.ts must give the orphan scan this variable`);
  return value;
}

export const handler = async (event: OrphanScanEvent | null): Promise<OrphanScanSummary> => {
  const bucket = required(BUCKET_VARIABLE);
  const graceMs = Number(process.env['ORPHAN_SCAN_GRACE_HOURS'] ?? '1') * 3_600_000;
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const reportPrefix = `${REPORTS_PREFIX}${runId}/`;
  const startedBy = await startedByOf(event);
  const progress: RunProgress = { recordsRead: 0, objectsListed: 0 };
  const run = RunRecord.forEnvironment(runId);
  await run?.start(startedBy, startedAt);

  // Locally the SDK's endpoint variable points at one host serving every bucket by path.
  const s3 = new S3Client({ forcePathStyle: !!process.env['AWS_ENDPOINT_URL_S3'] });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const put: PutObject = async (key, body, contentType, encoding) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentEncoding: encoding,
      }),
    );
  };

  const prefixes = topLevel(SCANNED_PREFIXES);
  const refs = new SortedRuns();
  const records: Record<string, number> = {};
  const unchecked: Record<string, number> = {};
  try {
    const keep = keptReports();
    for (const [model, fields] of byModel(SCANNED_FIELDS)) {
      records[model] = await scanTable(
        dynamo,
        required(tableVariable(model)),
        fields,
        progress,
        (ref) => {
          if (prefixes.some((p) => ref.path.startsWith(p))) refs.add(ref);
          else unchecked[`${ref.model}.${ref.field}`] = (unchecked[`${ref.model}.${ref.field}`] ?? 0) + 1;
        },
        // The scan waits for the disk: runs never pile up in memory faster than they are written.
        () => {
          run?.progress(progress);
          return refs.ready();
        },
      );
    }
    const orphans = new ReportPages(reportPrefix, 'orphans', put);
    const dangling = new ReportPages(reportPrefix, 'dangling', put);
    const shared = new ReportPages(reportPrefix, 'shared', put);
    const onObjects = (listed: number) => {
      progress.objectsListed += listed;
      run?.progress(progress);
    };
    const choice = await usableInventory(s3, bucket, prefixes, startedAt.getTime());
    const { manifest } = choice;
    const totals = await joinListingWithRefs(
      manifest
        ? inventoryInKeyOrder(s3, bucket, manifest, prefixes, onObjects)
        : listObjects(s3, bucket, prefixes, onObjects),
      refs.sorted(),
      prefixes,
      {
        now: startedAt.getTime(),
        graceMs,
        // The report may be older than a referenced file: ask before calling the reference dangling.
        recheck: manifest ? (path) => headObject(s3, bucket, path) : undefined,
      },
      { orphan: (o) => orphans.add(o), dangling: (d) => dangling.add(d), shared: (s) => shared.add(s) },
    );
    const summary: OrphanScanSummary = {
      runId,
      startedBy,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      graceMs,
      reportPrefix,
      source: manifest ? 'inventory' : 'listing',
      ...('reason' in choice && { listedBecause: choice.reason }),
      ...(manifest && {
        inventory: {
          manifestKey: manifest.key,
          createdAt: new Date(Number(manifest.creationTimestamp)).toISOString(),
        },
      }),
      totals: { ...totals, records, unchecked },
      pages: { orphans: await orphans.finish(), dangling: await dangling.finish(), shared: await shared.finish() },
    };
    const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
    await put(`${reportPrefix}summary.json`, json(summary), 'application/json');
    // Written last: a reader of latest.json finds every page of the run it names.
    await put(`${REPORTS_PREFIX}latest.json`, json(summary), 'application/json');
    await run?.finish(progress, {
      orphans: totals.orphaned,
      dangling: totals.dangling,
      shared: totals.shared,
      report: { prefix: reportPrefix, summaryKey: `${reportPrefix}summary.json` },
      totals: summary.totals,
    });
    // Old reports go only once this one is whole; failing to remove them costs space, not the run.
    await pruneReports(s3, bucket, { keep, currentRunId: runId, now: Date.now() }).catch((err: Error) => {
      console.warn(`old reports not removed: ${err.message}`);
    });
    return summary;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await run?.fail(progress, message).catch(() => undefined);
    throw err;
  } finally {
    refs.close();
  }
};

/** Prefixes listed once each: one lying under another is covered by that one's listing. */
function topLevel(prefixes: string[]): string[] {
  return [...new Set(prefixes)].filter((p) => !prefixes.some((q) => q !== p && p.startsWith(q))).sort();
}

function byModel(fields: ScannedField[]): Map<string, ScannedField[]> {
  const out = new Map<string, ScannedField[]>();
  for (const f of fields) out.set(f.model, [...(out.get(f.model) ?? []), f]);
  return out;
}

/** Reads a table's file fields with parallel Scan segments; returns how many records it holds. */
async function scanTable(
  dynamo: DynamoDBDocumentClient,
  table: string,
  fields: ScannedField[],
  progress: RunProgress,
  emit: (ref: { path: string; model: string; id: string; field: string; updatedAt: string }) => void,
  afterPage: () => Promise<void>,
): Promise<number> {
  const names = Object.fromEntries([['#id', 'id'], ['#u', 'updatedAt'], ...fields.map((f, i) => [`#f${i}`, f.field])]);
  let count = 0;
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      const pages = paginateScan(
        { client: dynamo, pageSize: 1000 },
        {
          TableName: table,
          Segment: segment,
          TotalSegments: SEGMENTS,
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          count++;
          progress.recordsRead++;
          const id = String(item['id']);
          const updatedAt = String(item['updatedAt'] ?? '');
          for (const f of fields) {
            const value: unknown = item[f.field];
            const paths = Array.isArray(value) ? value : value instanceof Set ? [...value] : [value];
            for (const path of new Set(paths)) {
              if (typeof path === 'string' && path) emit({ path, model: f.model, id, field: f.field, updatedAt });
            }
          }
        }
        await afterPage();
      }
    }),
  );
  return count;
}

/** Every object under the prefixes in key order, a page at a time; the next page is asked for while this one is read. */
async function* listObjects(
  s3: S3Client,
  bucket: string,
  prefixes: string[],
  onPage: (listed: number) => void,
): AsyncGenerator<ListedObject> {
  for (const prefix of prefixes) {
    let page = s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }));
    for (;;) {
      const answer = await page;
      const token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
      if (token) {
        page = s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000, ContinuationToken: token }),
        );
      }
      onPage(answer.Contents?.length ?? 0);
      for (const o of answer.Contents ?? []) {
        yield { key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 };
      }
      if (!token) break;
    }
  }
}
