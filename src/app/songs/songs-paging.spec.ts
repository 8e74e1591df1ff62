import { TestBed } from '@angular/core/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { FakeReachability } from '../../testing/fake-reachability';
import { PagedListProbe } from '../../testing/paged-list-probe';
import { setUpScreen } from '../../testing/screen-testbed';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi } from '../attachments/testing/fake-storage-api';
import { Reachability } from '../core/backend/reachability';
import { SONG_API } from './song-api';
import { SongsPage } from './songs-page';
import { FakeSongApi } from './testing/fake-song-api';

describe('SongsPage paging from the server (the real SongService over an in-memory Data API)', () => {
  let api: FakeSongApi;
  let list: PagedListProbe<SongsPage>;

  beforeEach(async () => {
    api = new FakeSongApi();
    // Ids in the server's order, titles in the reverse: the first page read holds the last titles.
    for (let i = 0; i < 500; i++) api.seed({ id: `s${String(i).padStart(4, '0')}`, name: `Tune ${1000 - i}` });
    await setUpScreen(
      ['VIEWERS'],
      [{ path: 'songs/:id', children: [] }],
      [
        { provide: SONG_API, useValue: api },
        { provide: STORAGE_API, useValue: new FakeStorageApi() },
        { provide: Reachability, useClass: FakeReachability },
      ],
    );
    list = new PagedListProbe(TestBed.createComponent(SongsPage));
    await list.settle();
  });

  const titles = () => list.column('name');
  const notice = () => list.notice();
  const count = () => list.textOf('song-count');

  it('opens on the first page read, sorted among what is loaded, and says so', async () => {
    expect(api.calls.filter((c) => c.startsWith('list'))).toEqual(['list first']);
    expect(count()).toBe('100 songs so far…');
    // The 100 loaded are Tune 901–1000: the table sorts them, not the 500.
    expect((await titles())[0]).toBe('Tune 901');
    expect(notice()).toBe('info Sorted among the 100 loaded');
    await (await list.loader.getHarness(MatSortHarness)).getSortHeaders({ label: 'Title' }).then(([h]) => h!.click());
    await list.settle();
    expect(notice()).toBe('info Sorted among the 100 loaded');
    expect((await titles())[0]).toBe('Tune 1000');
  });

  it('reads on as the user pages, and drops the notice once every song is in', async () => {
    const paginator = await list.loader.getHarness(MatPaginatorHarness);
    await paginator.setPageSize(100);
    for (let i = 0; i < 4; i++) await paginator.goToNextPage();
    await list.settle();
    expect(count()).toBe('500 songs');
    expect(notice()).toBe('');
    expect(await paginator.getRangeLabel()).toBe('401 – 500 of 500');
    const lists = api.calls.filter((c) => c.startsWith('list'));
    // One call a page, each going on from the token (the last key) the one before gave.
    expect(lists.length).toBe(5);
    expect(lists[0]).toBe('list first');
    expect(new Set(lists).size).toBe(5);
  });

  it('searches titles and cover paths on the server', async () => {
    await list.search(await list.loader.getHarness(MatInputHarness), 'tune 7');
    const shown = await titles();
    expect(shown.length).toBe(25);
    expect(shown.every((t) => t!.startsWith('Tune 7'))).toBeTrue();
    // The server found every title with both words (“Tune 517” too); the table shows those with the phrase.
    expect(count()).toBe('100 of 176 songs');
    expect(notice()).toBe('info Searched on the server');
  });

  it('shows another operator’s new song among the loaded ones', async () => {
    api.seed({ id: 'zzz', name: 'Tune 0' });
    await list.settle();
    expect((await titles())[0]).toBe('Tune 0');
    expect(count()).toBe('101 songs so far…');
  });
});
