import {
  type Observable,
  catchError,
  defer,
  distinctUntilChanged,
  filter,
  map,
  merge,
  of,
  scan,
  switchMap,
} from 'rxjs';
import { messageOf } from '../core/notify/notifier';
import type { Song } from './song';
import type { SongService } from './song-service';

/**
 * One song as the screen shows it. `gone`: the song was on screen and has since been deleted
 * (by someone else, as far as this screen knows).
 */
export type LiveSong =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; song: Song; gone?: undefined }
  | { status: 'ready'; song: null; gone: boolean };

/** What one source said: the song, null (no such song), undefined (nothing to say yet), or a failure. */
interface Answer {
  from: 'read' | 'list';
  song: Song | null | undefined;
  error?: string;
}

interface Acc {
  /** The live list has answered for this id; from then on it alone decides. */
  settled: boolean;
  view: LiveSong;
}

/**
 * Follows one song through the live list, so another operator's rename, cover change or delete
 * shows without a reload. While the list is still loading (it may hold 10,000 songs) a single read
 * answers first; once the list has answered, the read is ignored, so a slow read never undoes a
 * fresher update. A list without the song is confirmed by a read before the song is called gone:
 * a list that has not yet heard of a song just created must not make it vanish.
 */
export function followSong(songs: Pick<SongService, 'get' | 'list'>, id: string): Observable<LiveSong> {
  const read = songs.get(id).pipe(
    map((song): Answer => ({ from: 'read', song })),
    catchError((err: unknown) => of<Answer>({ from: 'read', song: undefined, error: messageOf(err) })),
  );
  const confirmGone = defer(() => songs.get(id)).pipe(
    map((song): Answer => ({ from: 'list', song })),
    // Unknown: keep showing what is shown rather than call the song deleted.
    catchError(() => of<Answer>({ from: 'list', song: undefined })),
  );
  const live = songs.list().pipe(
    map((list) => list.items.find((s) => s.id === id) ?? (list.synced ? null : undefined)),
    distinctUntilChanged(),
    switchMap((song) => (song === null ? confirmGone : of<Answer>({ from: 'list', song }))),
    catchError((err: unknown) => of<Answer>({ from: 'list', song: undefined, error: messageOf(err) })),
  );
  return merge(read, live).pipe(
    scan<Answer, Acc>(step, { settled: false, view: { status: 'loading' } }),
    map((acc) => acc.view),
    filter((view) => view.status !== 'loading'),
    distinctUntilChanged(sameView),
  );
}

function step(acc: Acc, next: Answer): Acc {
  const ignored = next.from === 'read' && acc.settled;
  if (next.error !== undefined) {
    return ignored ? acc : { ...acc, view: { status: 'error', message: next.error } };
  }
  if (ignored || next.song === undefined) return acc;
  const wasShown = acc.view.status === 'ready' && (acc.view.song !== null || acc.view.gone);
  const view: LiveSong = next.song
    ? { status: 'ready', song: next.song }
    : { status: 'ready', song: null, gone: wasShown };
  return { settled: acc.settled || next.from === 'list', view };
}

function sameView(a: LiveSong, b: LiveSong): boolean {
  if (a.status === 'ready' && b.status === 'ready') return a.song === b.song && a.gone === b.gone;
  if (a.status === 'error' && b.status === 'error') return a.message === b.message;
  return false;
}
