import { DestroyRef, Injectable, type Signal, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, type Observable, Subject, catchError, defer, map, mergeMap, of } from 'rxjs';
import { AttachmentEngine, type FileInfo } from './attachment-engine';
import { lookUpFile } from './look-up-file';
import { recordFolders } from './record-folders';

/** What storage said about a path: undefined while asking, null when no object is there. */
export type FileState = FileInfo | null | 'error' | undefined;

/** A record on screen: its files' folders are those named by its id (recordFolders); a new version is listed again. */
export interface FileOwner {
  readonly id: string;
  readonly version: string;
  readonly paths: readonly string[];
}

/** Requests (listings and HEADs together) in flight at once. */
const CONCURRENCY = 6;

type Task =
  | { readonly kind: 'list'; readonly folder: string; readonly seq: number }
  | { readonly kind: 'lookup' | 'type'; readonly path: string; readonly seq: number };

interface FolderAsk {
  /** The record version listed or being listed; null when it must be listed again. */
  version: string | null;
  /** Number of the newest listing asked for, and of the one whose answer is kept. */
  asked: number;
  kept: number;
}

/**
 * Object metadata for the records on screen, one listing per record folder rather than one request
 * per file where that pays: a record's folder (`products/<id>/`) listed once answers existence, size and last-modified
 * for every file in it, so an album of 500 images costs one request. A record showing one file
 * there (a song's cover), and a path outside its record's folder (a reference made by another
 * tool), get a listing of that path alone (`lookUpFile`). Every question is a listing, so a missing
 * file is learnt from a 200, never from a 404 the browser would log. Listings carry no content
 * type: with `types` on, files that exist also get a HEAD each for it.
 *
 * Answers are kept for the screen's lifetime; a record whose version changes is listed again, and
 * `forget` drops a path's answer after a replace or remove. Requests waiting their turn are dropped
 * when their records leave the screen.
 */
@Injectable()
export class FileStates {
  private readonly engine = inject(AttachmentEngine);
  private readonly destroyRef = inject(DestroyRef);
  /** Bumped on every answer: state() reads it, so views follow the plain maps below. */
  private readonly changed = signal(0);
  private readonly folders = new Map<string, FolderAsk>();
  private readonly listings = new Map<string, ReadonlyMap<string, FileInfo> | 'error'>();
  /** Answers for paths looked up one by one (not through their folder's listing). */
  private readonly lookups = new Map<string, FileInfo | null | 'error'>();
  private readonly types = new Map<string, string>();
  /** Paths asked about one by one (lookup, type), to ask once. */
  private readonly lookupAsked = new Set<string>();
  private readonly typeAsked = new Set<string>();
  /**
   * The request number when a path first showed: a listing asked for before it cannot say it is
   * missing (a file just added may be newer than the listing).
   */
  private readonly firstSeen = new Map<string, number>();
  /** Forgotten paths, with the request number at that moment: only a later answer counts. */
  private readonly forgotten = new Map<string, number>();
  private readonly tasks = new Subject<Task>();
  private owners: readonly FileOwner[] = [];
  private onScreen = { paths: new Set<string>(), folders: new Map<string, string>() };
  /** The listed folder each path is answered from (its record's, when that folder is listed). */
  private readonly folderOfPath = new Map<string, string>();
  private withTypes = false;
  private seq = 0;
  private planning = false;
  private planAgain = false;

  constructor() {
    this.tasks
      .pipe(
        mergeMap((task) => this.run(task), CONCURRENCY),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => this.plan());
  }

  /**
   * Start following the records on screen. `types`: also ask each existing file's content type
   * (a HEAD per file), e.g. only while a Type column is shown.
   */
  follow(owners: Signal<readonly FileOwner[]>, options: { types?: Signal<boolean> } = {}): void {
    const wanted = computed(() => ({ owners: owners(), types: options.types?.() ?? false }));
    toObservable(wanted)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ owners: list, types }) => this.show(list, { types }));
  }

  /** The records on screen now: what `follow` passes on each change. */
  show(owners: readonly FileOwner[], { types = false }: { types?: boolean } = {}): void {
    this.owners = owners;
    this.withTypes = types;
    const folders = new Map<string, string>();
    for (const o of owners) {
      for (const folder of recordFolders(o.id, o.paths)) folders.set(folder, o.version);
    }
    this.onScreen = { paths: new Set(owners.flatMap((o) => o.paths)), folders };
    this.plan();
  }

  state(path: string | null): FileState {
    if (!path) return undefined;
    this.changed();
    if (this.forgotten.has(path)) return undefined;
    const looked = this.lookups.get(path);
    if (looked !== undefined) return looked && looked !== 'error' ? this.typed(looked) : looked;
    const folder = this.folderOfPath.get(path);
    const listing = folder === undefined ? undefined : this.listings.get(folder);
    if (folder === undefined || listing === undefined) return undefined;
    if (listing === 'error') return 'error';
    const info = listing.get(path);
    if (info) return this.typed(info);
    // Not in the listing: missing, unless the path showed after that listing was asked for.
    const seen = this.firstSeen.get(path);
    return seen !== undefined && seen < (this.folders.get(folder)?.kept ?? 0) ? null : undefined;
  }

  /** Sum of the sizes storage reported, how many paths it has not answered for yet, and how many are missing. */
  total(paths: readonly string[]): { bytes: number; pending: number; missing: number } {
    let bytes = 0;
    let pending = 0;
    let missing = 0;
    for (const p of paths) {
      const s = this.state(p);
      if (s === undefined) pending++;
      else if (s === null) missing++;
      else if (s !== 'error') bytes += s.size;
    }
    return { bytes, pending, missing };
  }

  /** Forget a path (e.g. replaced or removed): it is asked about again while it is on screen. */
  forget(path: string): void {
    this.forgotten.set(path, this.seq);
    this.lookups.delete(path);
    this.lookupAsked.delete(path);
    this.types.delete(path);
    this.typeAsked.delete(path);
    const folder = this.folderOfPath.get(path);
    const ask = folder ? this.folders.get(folder) : undefined;
    if (ask) ask.version = null;
    this.changed.update((n) => n + 1);
    queueMicrotask(() => this.plan());
  }

  /** Queues what the records on screen still need; re-entrant calls (answers that came at once) loop here. */
  private plan(): void {
    if (this.planning) {
      this.planAgain = true;
      return;
    }
    this.planning = true;
    try {
      do {
        this.planAgain = false;
        this.needed().forEach((task) => this.tasks.next(task));
      } while (this.planAgain);
    } finally {
      this.planning = false;
    }
  }

  private needed(): Task[] {
    const tasks: Task[] = [];
    for (const { id, version, paths } of this.owners) {
      for (const path of paths) if (!this.firstSeen.has(path)) this.firstSeen.set(path, this.seq);
      const throughFolder = new Set<string>();
      for (const folder of recordFolders(id, paths)) {
        const inside = paths.filter((p) => p.startsWith(folder));
        // A listing is one request per folder: it pays when the record shows several files there.
        if (inside.length < 2) continue;
        inside.forEach((p) => (throughFolder.add(p), this.folderOfPath.set(p, folder)));
        const ask = this.folders.get(folder);
        if (!ask || ask.version !== version || inside.some((p) => this.firstSeen.get(p)! >= ask.asked)) {
          const seq = ++this.seq;
          this.folders.set(folder, { version, asked: seq, kept: ask?.kept ?? 0 });
          tasks.push({ kind: 'list', folder, seq });
        }
      }
      for (const path of paths) {
        if (!throughFolder.has(path) && !this.lookupAsked.has(path)) {
          this.lookupAsked.add(path);
          tasks.push({ kind: 'lookup', path, seq: ++this.seq });
          continue;
        }
        const s = this.state(path);
        if (this.withTypes && s && s !== 'error' && !s.contentType && !this.typeAsked.has(path)) {
          this.typeAsked.add(path);
          tasks.push({ kind: 'type', path, seq: ++this.seq });
        }
      }
    }
    return tasks;
  }

  private run(task: Task): Observable<void> {
    return defer(() => {
      if (task.kind === 'list') {
        const ask = this.folders.get(task.folder);
        if (ask?.asked !== task.seq) return EMPTY; // a newer listing was asked for
        if (!this.onScreen.folders.has(task.folder)) {
          ask.version = null; // left the screen before its turn: list it when it shows again
          return EMPTY;
        }
        return this.engine.list(task.folder).pipe(
          map((items) => this.listed(task.folder, task.seq, new Map(items.map((i) => [i.path, i])))),
          catchError(() => of(this.listed(task.folder, task.seq, 'error'))),
        );
      }
      const asked = task.kind === 'lookup' ? this.lookupAsked : this.typeAsked;
      if (!this.onScreen.paths.has(task.path)) {
        asked.delete(task.path);
        return EMPTY;
      }
      const ask = task.kind === 'lookup' ? lookUpFile(this.engine, task.path) : this.engine.fileInfo(task.path);
      return ask.pipe(
        map((info) => this.answered(task, info)),
        catchError(() => of(this.answered(task, 'error'))),
      );
    });
  }

  /** Listed metadata with the content type a HEAD brought, once it has. */
  private typed(info: FileInfo): FileInfo {
    const type = this.types.get(info.path);
    return type && !info.contentType ? { ...info, contentType: type } : info;
  }

  private listed(folder: string, seq: number, listing: ReadonlyMap<string, FileInfo> | 'error'): void {
    const ask = this.folders.get(folder);
    if (!ask || seq < ask.kept) return; // an older listing answering after a newer one
    ask.kept = seq;
    this.listings.set(folder, listing);
    for (const [path, at] of this.forgotten) {
      if (at < seq && path.startsWith(folder)) this.forgotten.delete(path);
    }
    this.changed.update((n) => n + 1);
  }

  private answered(task: Task & { kind: 'lookup' | 'type' }, info: FileInfo | null | 'error'): void {
    const at = this.forgotten.get(task.path);
    if (at !== undefined) {
      if (at >= task.seq) return;
      this.forgotten.delete(task.path);
    }
    if (task.kind === 'lookup') this.lookups.set(task.path, info);
    // A type asked for and not given (failed or gone since) leaves the listing's answer as it is.
    else if (info && info !== 'error' && info.contentType) this.types.set(task.path, info.contentType);
    this.changed.update((n) => n + 1);
  }
}
