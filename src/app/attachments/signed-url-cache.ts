import { Observable } from 'rxjs';
import type { SignedUrl } from './storage-api';

export interface SignedUrlCacheOptions {
  /** Sign again this long before a URL expires, in ms. */
  readonly refreshMarginMs: number;
}

/** How many new keys between sweeps of stale, unwatched entries. */
const SWEEP_EVERY = 200;

interface Cached extends SignedUrl {
  /** When to sign again (epoch ms). */
  readonly refreshAt: number;
}

interface Entry {
  value?: Cached;
  pending?: Promise<Cached>;
  /** Active streams of this key, ended when the key is dropped. */
  readonly streams: Set<() => void>;
}

/**
 * The app's one cache of signed GET URLs. However many views ask for a key at once there is one
 * signing request; a URL is handed out until shortly before it expires, and every open stream gets
 * a fresh one before then. `drop()` forgets a key that was replaced or detached.
 */
export class SignedUrlCache {
  private readonly entries = new Map<string, Entry>();
  private created = 0;

  constructor(
    private readonly sign: (path: string) => Promise<SignedUrl>,
    private readonly options: SignedUrlCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Emits a usable URL now, then a fresh one before each expires; errors if signing fails. */
  url(path: string): Observable<string> {
    return new Observable<string>((subscriber) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let closed = false;
      const entry = this.entry(path);
      const end = () => subscriber.complete();
      entry.streams.add(end);
      const next = () => {
        this.current(path, entry).then(
          (signed) => {
            if (closed) return;
            subscriber.next(signed.url);
            // The subscriber may have left while taking the URL (e.g. firstValueFrom).
            if (closed) return;
            timer = setTimeout(next, Math.max(1000, signed.refreshAt - this.now()));
          },
          (err: unknown) => subscriber.error(err),
        );
      };
      next();
      return () => {
        closed = true;
        clearTimeout(timer);
        entry.streams.delete(end);
        // Keep a still-valid URL for the next view; forget keys nobody watches once theirs is stale.
        if (entry.streams.size === 0 && !entry.pending && (!entry.value || this.stale(entry.value))) {
          if (this.entries.get(path) === entry) this.entries.delete(path);
        }
      };
    });
  }

  /** Forgets a key (replaced, detached or deleted) and ends the streams that watch it. */
  drop(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    for (const end of [...entry.streams]) end();
  }

  /** How many keys are cached (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private entry(path: string): Entry {
    let entry = this.entries.get(path);
    if (!entry) {
      if (++this.created % SWEEP_EVERY === 0) this.sweep();
      entry = { streams: new Set() };
      this.entries.set(path, entry);
    }
    return entry;
  }

  /** Forgets stale URLs nobody watches, so a long session of scrolling does not grow the cache forever. */
  private sweep(): void {
    for (const [path, entry] of this.entries) {
      if (entry.streams.size === 0 && !entry.pending && (!entry.value || this.stale(entry.value))) {
        this.entries.delete(path);
      }
    }
  }

  private current(path: string, entry: Entry): Promise<Cached> {
    if (entry.value && !this.stale(entry.value)) return Promise.resolve(entry.value);
    const signedAt = this.now();
    entry.pending ??= this.sign(path).then(
      (signed) => {
        entry.pending = undefined;
        entry.value = { ...signed, refreshAt: this.refreshAt(signed, signedAt) };
        return entry.value;
      },
      (err: unknown) => {
        entry.pending = undefined;
        throw err;
      },
    );
    return entry.pending;
  }

  private refreshAt(signed: SignedUrl, signedAt: number): number {
    const expires = signed.expiresAt.getTime();
    // A margin before expiry, or halfway through a URL that lives shorter than twice the margin
    // (a signed URL never outlives the session's credentials, so it can be short).
    return expires - Math.min(this.options.refreshMarginMs, Math.max(0, expires - signedAt) / 2);
  }

  private stale(cached: Cached): boolean {
    return this.now() >= cached.refreshAt;
  }
}
