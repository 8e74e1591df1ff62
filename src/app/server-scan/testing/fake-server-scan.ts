import { signal } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { AppConfig } from '../../core/config/app-config';
import { Reachability } from '../../core/backend/reachability';
import { FakeReachability } from '../../../testing/fake-reachability';
import type { ReportFiles } from '../report-files';
import type { ScanRunApi } from '../scan-run-api';
import type { ScanRun } from '../scan-run';
import type { OrphanScanSummary } from '../server-report';

/** Outputs of a backend that scans on the server (ScanRun and startOrphanScan introspected). */
export const SERVER_SCAN_OUTPUTS = {
  data: { model_introspection: { models: { ScanRun: {} }, mutations: { startOrphanScan: {} } } },
};

/** An AppConfig already loaded with these outputs (and a backend that answers). */
export function configWith(outputs: object) {
  return [
    { provide: AppConfig, useValue: { state: signal({ status: 'ready', outputs, local: true }) } },
    { provide: Reachability, useClass: FakeReachability },
  ];
}

/** A finished run; override what the spec needs. */
export function run(over: Partial<ScanRun> = {}): ScanRun {
  return {
    id: 'r1',
    startedAt: '2026-12-05T00:00:00.000Z',
    startedBy: 'schedule',
    status: 'done',
    finishedAt: '2026-12-05T00:01:00.000Z',
    recordsRead: 3500,
    objectsListed: 10_000,
    orphans: 1000,
    dangling: 200,
    shared: 100,
    report: { prefix: 'reports/r1/', summaryKey: 'reports/r1/summary.json' },
    totals: {
      files: 10_000,
      bytes: 5_120_000,
      referenced: 9000,
      orphaned: 1000,
      orphanedBytes: 512_000,
      dangling: 200,
      shared: 100,
      records: { Song: 3000, PhotoAlbum: 500 },
      prefixes: { 'images/': { files: 10_000, bytes: 5_120_000, orphaned: 1000, orphanedBytes: 512_000 } },
      fields: {
        'Song.coverArtPath': { references: 3000, dangling: 150 },
        'PhotoAlbum.imagePaths': { references: 6050, dangling: 50 },
      },
    },
    error: null,
    ...over,
  };
}

/** The summary.json of the run `run()` names, with the spec's pages; override what else it needs. */
export function summaryOf(pages: OrphanScanSummary['pages'], over: Partial<OrphanScanSummary> = {}): OrphanScanSummary {
  return {
    runId: 'r1',
    startedBy: 'schedule',
    startedAt: '2026-12-05T00:00:00.000Z',
    finishedAt: '2026-12-05T00:01:00.000Z',
    graceMs: 3_600_000,
    reportPrefix: 'reports/r1/',
    totals: run().totals!,
    pages,
    ...over,
  };
}

/** The runs API with a settable list, a live stream the spec pushes into, and counted starts. */
export class FakeScanRunApi implements ScanRunApi {
  runs: ScanRun[] = [];
  starts = 0;
  refuse?: string;
  readonly live = new Subject<ScanRun>();

  latest(limit: number): Promise<ScanRun[]> {
    return Promise.resolve(this.runs.slice(0, limit));
  }
  changes(): Observable<ScanRun> {
    return this.live;
  }
  start(): Promise<void> {
    if (this.refuse) return Promise.reject(new Error(this.refuse));
    this.starts++;
    return Promise.resolve();
  }
}

/** Report files held as the bucket holds them: JSON, and gzip NDJSON pages. */
export class FakeReportFiles implements ReportFiles {
  readonly reads: string[] = [];
  private readonly files = new Map<string, unknown>();
  private readonly held = new Map<string, Promise<void>>();

  put(key: string, value: unknown): this {
    this.files.set(key, value);
    return this;
  }

  json<T>(key: string): Promise<T> {
    this.reads.push(key);
    if (!this.files.has(key)) return Promise.reject(new Error(`NoSuchKey: ${key}`));
    return Promise.resolve(this.files.get(key) as T);
  }

  remove(key: string): this {
    this.files.delete(key);
    return this;
  }

  /** Holds reads of `key` until the returned function is called. */
  hold(key: string): () => void {
    let release!: () => void;
    this.held.set(key, new Promise<void>((r) => (release = r)));
    return () => {
      this.held.delete(key);
      release();
    };
  }

  async lines<T>(key: string): Promise<T[]> {
    this.reads.push(key);
    await this.held.get(key);
    if (!this.files.has(key)) throw new Error(`NoSuchKey: ${key}`);
    return this.files.get(key) as T[];
  }
}
