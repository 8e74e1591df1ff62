import { Subject, Observable, defer, startWith, map } from 'rxjs';
import type { PageRequest, RecordChange, RecordPage } from '../../shared/record-list/record-pager';
import { pageOf } from '../../shared/record-list/testing/fake-pages';
import { AttachmentError } from '../../attachments/attachment-error';
import type { Song } from '../song';
import type { SongApi } from '../song-api';

type Method = 'create' | 'update' | 'delete' | 'get';

/** How the next call of a method fails: with an error, and whether the write landed anyway (answer lost). */
export interface Failure {
  error: AttachmentError;
  landed?: boolean;
}

/**
 * Songs in memory behind the Data seam, with the backend's rules: every write moves updatedAt;
 * a condition on updatedAt that does not hold, or a missing record, fails as AppSync's
 * ConditionalCheckFailed does (kind 'conflict').
 */
export class FakeSongApi implements SongApi {
  readonly songs = new Map<string, Song>();
  readonly calls: string[] = [];
  observeCalls = 0;
  readonly snapshots = new Subject<void>();
  /** Every write as the realtime subscriptions tell it. */
  readonly feed = new Subject<RecordChange<Song>>();
  failNext: Partial<Record<Method, Failure>> = {};
  private tick = Date.parse('2026-01-01T00:00:00Z');

  observe(): Observable<{ items: Song[]; synced: boolean }> {
    return defer(() => {
      this.observeCalls++;
      return this.snapshots.pipe(
        startWith(undefined),
        map(() => ({ items: [...this.songs.values()], synced: true })),
      );
    });
  }

  async list(request: PageRequest): Promise<RecordPage<Song>> {
    this.calls.push(`list ${request.nextToken ?? 'first'}`);
    return pageOf(this.songs.values(), request);
  }

  changes(): Observable<RecordChange<Song>> {
    return this.feed;
  }

  async get(id: string): Promise<Song | null> {
    this.calls.push(`get ${id}`);
    this.fail('get', () => undefined);
    return this.songs.get(id) ?? null;
  }

  async create(input: { id: string; name: string; coverArtPath: string | null }): Promise<Song> {
    this.calls.push(`create ${input.id}`);
    const write = () => {
      if (this.songs.has(input.id)) throw conflict();
      const now = this.now();
      return this.store({ ...input, createdAt: now, updatedAt: now });
    };
    this.fail('create', write);
    return write();
  }

  async update(
    input: { id: string; name?: string; coverArtPath?: string | null },
    expectUpdatedAt?: string,
  ): Promise<Song> {
    this.calls.push(`update ${input.id} ${JSON.stringify(input)}`);
    const write = () => {
      const current = this.songs.get(input.id);
      if (!current || (expectUpdatedAt !== undefined && current.updatedAt !== expectUpdatedAt)) throw conflict();
      const next: Song = { ...current, ...input, updatedAt: this.now() };
      return this.store(next);
    };
    this.fail('update', write);
    return write();
  }

  async delete(id: string, expectUpdatedAt: string): Promise<Song> {
    this.calls.push(`delete ${id}`);
    const write = () => {
      const current = this.songs.get(id);
      if (!current || current.updatedAt !== expectUpdatedAt) throw conflict();
      this.songs.delete(id);
      this.snapshots.next();
      this.feed.next({ type: 'delete', record: current });
      return current;
    };
    this.fail('delete', write);
    return write();
  }

  /** Another operator's change: a new version of the song, as stored. */
  changeBehind(id: string, change: Partial<Song>): Song {
    return this.store({ ...this.songs.get(id)!, ...change, updatedAt: this.now() });
  }

  seed(song: Partial<Song> & { id: string }): Song {
    const now = this.now();
    return this.store({ name: 'Song', coverArtPath: null, createdAt: now, updatedAt: now, ...song });
  }

  private store(song: Song): Song {
    const type = this.songs.has(song.id) ? 'update' : 'create';
    this.songs.set(song.id, song);
    this.snapshots.next();
    this.feed.next({ type, record: song });
    return song;
  }

  private now(): string {
    this.tick += 1000;
    return new Date(this.tick).toISOString();
  }

  private fail(method: Method, write: () => unknown): void {
    const failure = this.failNext[method];
    if (!failure) return;
    delete this.failNext[method];
    if (failure.landed) write();
    throw failure.error;
  }
}

function conflict(): AttachmentError {
  return new AttachmentError('conflict', 'The conditional request failed.');
}
