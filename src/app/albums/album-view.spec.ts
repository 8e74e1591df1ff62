import { Subject } from 'rxjs';
import type { AlbumList, PhotoAlbum } from './album';
import { type AlbumView, followAlbum } from './album-view';

const version = (updatedAt: string, imagePaths: string[] = []): PhotoAlbum => ({
  id: 'a',
  name: 'A',
  imagePaths,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt,
});

describe('followAlbum', () => {
  let get: Subject<PhotoAlbum | null>;
  let list: Subject<AlbumList>;
  let views: AlbumView[];

  beforeEach(() => {
    get = new Subject();
    list = new Subject();
    views = [];
    followAlbum('a', get, list).subscribe((v) => views.push(v));
  });

  const last = () => views.at(-1)!;

  it('loads, then follows the live list, keeping the newer version', () => {
    expect(last()).toEqual({ status: 'loading' });
    get.next(version('2026-01-01T00:00:02Z', ['x']));
    expect(last()).toEqual({ status: 'ready', album: version('2026-01-01T00:00:02Z', ['x']), inList: false });
    list.next({ items: [version('2026-01-01T00:00:01Z')], synced: true }); // an older event arriving late
    expect(last()).toEqual(jasmine.objectContaining({ album: version('2026-01-01T00:00:02Z', ['x']), inList: true }));
    list.next({ items: [version('2026-01-01T00:00:03Z', ['x', 'y'])], synced: true });
    expect(last()).toEqual(jasmine.objectContaining({ album: version('2026-01-01T00:00:03Z', ['x', 'y']) }));
  });

  it('keeps a just-created album the list has not shown yet, and ignores unsynced lists', () => {
    get.next(version('2026-01-01T00:00:01Z'));
    list.next({ items: [], synced: false });
    list.next({ items: [], synced: true });
    expect(last()).toEqual(jasmine.objectContaining({ status: 'ready', album: version('2026-01-01T00:00:01Z') }));
  });

  it('reports a deletion once the list that showed the album no longer holds it', () => {
    get.next(version('2026-01-01T00:00:01Z'));
    list.next({ items: [version('2026-01-01T00:00:01Z')], synced: true });
    list.next({ items: [], synced: true });
    expect(last()).toEqual({ status: 'ready', album: null, inList: true });
  });

  it('says the album does not exist when the read finds none', () => {
    get.next(null);
    expect(last()).toEqual({ status: 'ready', album: null, inList: false });
  });

  it('turns a failure into the error state with its message', () => {
    list.error(new Error('boom'));
    expect(last()).toEqual({ status: 'error', message: 'Something went wrong: boom' });
  });
});
