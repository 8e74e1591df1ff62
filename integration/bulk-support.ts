import '@angular/compiler';
import { Injector } from '@angular/core';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { asyncScheduler, filter, firstValueFrom } from 'rxjs';
import * as data from 'aws-amplify/data';
import type { Job } from '../src/app/jobs/job.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import { SONG_API, createAmplifySongApi } from '../src/app/songs/song-api.ts';
import { SONG_BULK_CONCURRENCY, SongBulk } from '../src/app/songs/song-bulk.ts';
import { SongService } from '../src/app/songs/song-service.ts';
import { ENGINE_PROVIDERS, UNDO_PROVIDERS } from './console-services.ts';

/** Items of a bulk song job in flight at once: the app's setting (SONG_BULK_CONCURRENCY). */
export const BULK_CONCURRENCY = 32;

/**
 * The app's song services and bulk runner as one browser tab has them, on the real aws-amplify
 * client (handed the modules the tests configure, as in console-services.ts).
 */
export function bulkServices(): { songs: SongService; bulk: SongBulk; runner: JobRunner } {
  const injector = Injector.create({
    providers: [
      SongService,
      ...ENGINE_PROVIDERS,
      ...UNDO_PROVIDERS,
      JobRunner,
      SongBulk,
      { provide: SONG_API, useFactory: () => createAmplifySongApi(async () => data) },
      { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
      { provide: SONG_BULK_CONCURRENCY, useValue: BULK_CONCURRENCY },
    ],
  });
  return { songs: injector.get(SongService), bulk: injector.get(SongBulk), runner: injector.get(JobRunner) };
}

/** Resolves once the job's run is through (finished or canceled). */
export function through<T>(job: Job<T>): Promise<unknown> {
  return firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
}

/**
 * Reads the local backend's own stores (its SQLite files), past the HTTP front and its failures:
 * what is really stored at a moment, for checking invariants while the clients work.
 */
export class BackendState {
  private readonly records: DatabaseSync;
  private readonly objects: DatabaseSync;

  constructor(dataDir: string) {
    this.records = new DatabaseSync(join(dataDir, 'data', 'records.sqlite'), { readOnly: true });
    this.objects = new DatabaseSync(join(dataDir, 's3', 'objects.db'), { readOnly: true });
  }

  songs(): { id: string; name: string; coverArtPath: string | null }[] {
    return this.records
      .prepare(`SELECT data FROM items WHERE model = 'Song'`)
      .all()
      .map((row) => JSON.parse(String(row['data'])) as { id: string; name: string; coverArtPath: string | null });
  }

  keys(prefix = 'images/'): Set<string> {
    const rows = this.objects
      .prepare('SELECT key FROM objects WHERE key >= ? AND key < ?')
      .all(prefix, prefix + '\uffff');
    return new Set(rows.map((r) => String(r['key'])));
  }

  /**
   * Songs pointing at a missing file. Files are read before records: while records and files
   * are only being deleted (records first), a song seen after its file was seen missing was
   * already dangling when the file was read, so nothing is reported that did not happen.
   * `among`: only these song ids (the demo data holds dangling references on purpose).
   */
  dangling(among?: ReadonlySet<string>): string[] {
    const keys = this.keys();
    return this.songs()
      .filter((s) => (!among || among.has(s.id)) && s.coverArtPath && !keys.has(s.coverArtPath))
      .map((s) => `${s.name} → ${s.coverArtPath}`);
  }

  close(): void {
    this.records.close();
    this.objects.close();
  }
}
