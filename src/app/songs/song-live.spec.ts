import { ReplaySubject, Subject, type Observable } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { aSong } from '../../testing/fake-songs';
import type { Song, SongList } from './song';
import { type LiveSong, followSong } from './song-live';

describe('followSong', () => {
  let reads: Subject<Song | null>[];
  let lists: ReplaySubject<SongList>;
  let seen: LiveSong[];
  const naima = aSong('Naima');
  const other = aSong('Solar');

  beforeEach(() => {
    reads = [];
    lists = new ReplaySubject<SongList>(1);
    seen = [];
    const service = {
      get: (): Observable<Song | null> => {
        const read = new Subject<Song | null>();
        reads.push(read);
        return read;
      },
      list: () => lists,
    };
    followSong(service, naima.id).subscribe((v) => seen.push(v));
  });

  const last = () => seen[seen.length - 1];
  const answer = (i: number, song: Song | null) => {
    reads[i]!.next(song);
    reads[i]!.complete();
  };

  it('shows the read while the list is still loading, then follows the list', () => {
    expect(seen).toEqual([]);
    lists.next({ items: [other], synced: false });
    answer(0, naima);
    expect(last()).toEqual({ status: 'ready', song: naima });
    const renamed = { ...naima, name: 'Naima (renamed elsewhere)' };
    lists.next({ items: [other, renamed], synced: true });
    expect(last()).toEqual({ status: 'ready', song: renamed });
  });

  it('ignores a read that answers after the list did, so a slow read never undoes a fresher update', () => {
    const renamed = { ...naima, name: 'Naima (new)' };
    lists.next({ items: [renamed], synced: true });
    answer(0, naima);
    expect(seen).toEqual([{ status: 'ready', song: renamed }]);
  });

  it('calls a song that leaves the list gone once a read confirms it, and only then', () => {
    lists.next({ items: [naima], synced: true });
    expect(last()).toEqual({ status: 'ready', song: naima });
    lists.next({ items: [other], synced: true });
    expect(last()).toEqual({ status: 'ready', song: naima }); // not yet: the read confirms
    answer(1, null);
    expect(last()).toEqual({ status: 'ready', song: null, gone: true });
  });

  it('keeps a song the list has not heard of yet (just created) when the read finds it', () => {
    lists.next({ items: [other], synced: true });
    answer(0, naima);
    answer(1, naima);
    expect(last()).toEqual({ status: 'ready', song: naima });
    lists.next({ items: [other, naima], synced: true });
    expect(last()).toEqual({ status: 'ready', song: naima });
  });

  it('says "not found" (not "gone") for a song that never existed', () => {
    answer(0, null);
    expect(last()).toEqual({ status: 'ready', song: null, gone: false });
    lists.next({ items: [other], synced: true });
    answer(1, null);
    expect(last()).toEqual({ status: 'ready', song: null, gone: false });
  });

  it('shows a failed read until the list answers, and a failed list always', () => {
    reads[0]!.error(new AttachmentError('unavailable', 'The backend cannot be reached.'));
    expect(last()).toEqual({ status: 'error', message: 'The backend cannot be reached.' });
    lists.next({ items: [naima], synced: true });
    expect(last()).toEqual({ status: 'ready', song: naima });
    lists.error(new AttachmentError('forbidden', 'Not allowed.'));
    expect(last()).toEqual({ status: 'error', message: 'Not allowed.' });
  });
});
