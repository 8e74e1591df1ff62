import { Observable, catchError, filter, map, merge, of, scan, startWith } from 'rxjs';
import { messageOf } from '../core/notify/notifier';
import type { AlbumList, PhotoAlbum } from './album';

export type AlbumView =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  /** `album` null: it does not exist (any more). `inList`: the live list has shown it. */
  | { readonly status: 'ready'; readonly album: PhotoAlbum | null; readonly inList: boolean };

type Event = { from: 'get'; album: PhotoAlbum | null } | { from: 'list'; album: PhotoAlbum | null };

/** The newer of two versions of one album. */
export function newer(a: PhotoAlbum | null, b: PhotoAlbum | null): PhotoAlbum | null {
  if (!a || !b) return a ?? b;
  return b.updatedAt > a.updatedAt ? b : a;
}

/**
 * One album kept current: read once, then followed in the live list. An album the list has shown
 * and then no longer holds was deleted; one it has not shown yet (just created, the realtime event
 * still on its way) keeps the version that was read.
 */
export function followAlbum(
  id: string,
  get: Observable<PhotoAlbum | null>,
  list: Observable<AlbumList>,
): Observable<AlbumView> {
  const events: Observable<Event> = merge(
    get.pipe(map((album): Event => ({ from: 'get', album }))),
    list.pipe(
      filter((l) => l.synced),
      map((l): Event => ({ from: 'list', album: l.items.find((a) => a.id === id) ?? null })),
    ),
  );
  return events.pipe(
    scan(
      (view: AlbumView, event: Event): AlbumView => {
        const current = view.status === 'ready' ? view : null;
        if (event.from === 'get') {
          return {
            status: 'ready',
            album: newer(current?.album ?? null, event.album),
            inList: current?.inList ?? false,
          };
        }
        if (event.album) return { status: 'ready', album: newer(current?.album ?? null, event.album), inList: true };
        if (current?.inList) return { status: 'ready', album: null, inList: true };
        return view;
      },
      { status: 'loading' },
    ),
    catchError((err: unknown) => of<AlbumView>({ status: 'error', message: messageOf(err) })),
    startWith<AlbumView>({ status: 'loading' }),
  );
}
