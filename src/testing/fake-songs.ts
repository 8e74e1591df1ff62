import { type Observable, Observable as Obs, ReplaySubject, Subject, of, throwError } from 'rxjs';
import { AttachmentError } from '../app/attachments/attachment-error';
import type { FileInfo } from '../app/attachments/attachment-engine';
import { WorkflowEventTags } from '../app/attachments/event-tags';
import type { Transfer } from '../app/attachments/transfer';
import type { RecordChange } from '../app/shared/record-list/record-pager';
import type { FileDisposal, Song, SongList } from '../app/songs/song';

/** A 1×1 PNG, what the fake engine signs every path to. */
export const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let counter = 0;

/** A song as the service would return it; the cover path follows the engine's key scheme. */
export function aSong(name: string, cover: string | null = `${name.toLowerCase().replace(/\W+/g, '-')}.png`): Song {
  const id = `song-${++counter}`;
  return {
    id,
    name,
    coverArtPath: cover
      ? `images/${id}/0b6f1c1e-5a4e-4d3b-9c55-6c1f7e2d${counter.toString(16).padStart(4, '0').slice(-4)}-${cover}`
      : null,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: `2026-11-${String(1 + (counter % 28)).padStart(2, '0')}T12:00:00.000Z`,
  };
}

export function aFile(name: string, type = 'image/png', bytes = 2048): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

/** One call to a fake method: the test drives its outcome through `subject`. */
export interface Call<T> {
  method: string;
  args: unknown[];
  subject: Subject<T>;
  unsubscribed: boolean;
}

/** SongService stand-in: a list the test pushes, and writes the test completes, fails or watches being canceled. */
export class FakeSongService {
  readonly lists = new ReplaySubject<SongList>(1);
  /** The songs' realtime changes, as the test tells them. */
  readonly feed = new Subject<RecordChange<Song>>();
  readonly calls: Call<unknown>[] = [];
  /** How many times the whole list (or the table's pages) was asked for. */
  listCalls = 0;
  /** The ids read one by one, in order. */
  readonly reads: string[] = [];
  listError: AttachmentError | null = null;
  /** What get(id) answers: a song, null (deleted), or an error. */
  getAnswer: (id: string) => Song | null | AttachmentError = () => null;

  list(): Observable<SongList> {
    this.listCalls++;
    return this.listError ? throwError(() => this.listError) : this.lists;
  }

  /** The table's list: the one the test pushes (paging has specs of its own, record-pager.spec.ts). */
  pages(): Observable<SongList> {
    return this.list();
  }

  changes(): Observable<RecordChange<Song>> {
    return this.feed;
  }

  get(id: string): Observable<Song | null> {
    this.reads.push(id);
    const answer = this.getAnswer(id);
    return answer instanceof AttachmentError ? throwError(() => answer) : of(answer);
  }

  create(name: string, cover?: File): Observable<Transfer<Song>> {
    return this.track('create', [name, cover]);
  }

  rename(song: Song, name: string): Observable<Song> {
    return this.track('rename', [song, name]);
  }

  setCover(song: Song, file: File): Observable<Transfer<Song>> {
    return this.track('setCover', [song, file]);
  }

  detach(song: Song, disposal: FileDisposal): Observable<Song> {
    return this.track('detach', [song, disposal]);
  }

  delete(song: Song, disposal: FileDisposal): Observable<void> {
    return this.track('delete', [song, disposal]);
  }

  last<T>(method: string): Call<T> {
    const call = [...this.calls].reverse().find((c) => c.method === method);
    if (!call) throw new Error(`${method} was not called`);
    return call as Call<T>;
  }

  private track<T>(method: string, args: unknown[]): Observable<T> {
    const call: Call<T> = { method, args, subject: new Subject<T>(), unsubscribed: false };
    this.calls.push(call as Call<unknown>);
    return new Obs<T>((subscriber) => {
      const inner = call.subject.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        call.unsubscribed = true;
      };
    });
  }
}

/** AttachmentEngine stand-in: the real limits, validation like the engine's, objects from a map. */
export class FakeAttachmentEngine {
  readonly limits = { maxBytes: 1024 * 1024, allowedTypes: ['image/png', 'image/jpeg', 'image/webp'] as const };
  /** Objects in "storage"; a path not here is a missing file. */
  readonly files = new Map<string, FileInfo>();
  readonly fileInfoCalls: string[] = [];
  readonly listCalls: string[] = [];
  readonly downloads: string[] = [];
  /** Bulk jobs tag the reports on the records they work on (none are made here). */
  readonly eventTags = new WorkflowEventTags();

  validate(file: File): AttachmentError | null {
    if (file.size === 0) return new AttachmentError('invalid-file', `“${file.name}” is empty.`);
    if (file.size > this.limits.maxBytes)
      return new AttachmentError('invalid-file', `“${file.name}” is larger than 1 MB.`);
    if (!(this.limits.allowedTypes as readonly string[]).includes(file.type)) {
      return new AttachmentError('invalid-file', `“${file.name}” is not a PNG, JPEG or WebP image.`);
    }
    return null;
  }

  signedUrl(_path: string): Observable<string> {
    return of(PIXEL);
  }

  fileInfo(path: string): Observable<FileInfo | null> {
    this.fileInfoCalls.push(path);
    return of(this.files.get(path) ?? null);
  }

  /** Like a storage listing: sizes and dates, no content types. */
  list(prefix: string): Observable<FileInfo[]> {
    this.listCalls.push(prefix);
    return of(
      [...this.files.values()]
        .filter((f) => f.path.startsWith(prefix))
        .map(({ path, size, lastModified }) => ({ path, size, lastModified })),
    );
  }

  download(path: string): Observable<void> {
    this.downloads.push(path);
    return of(undefined);
  }

  /** Puts the song's cover in "storage". */
  store(song: Song, size = 2048, contentType = 'image/png'): void {
    if (song.coverArtPath) {
      this.files.set(song.coverArtPath, {
        path: song.coverArtPath,
        size,
        contentType,
        lastModified: new Date('2026-11-02T09:30:00Z'),
      });
    }
  }
}
