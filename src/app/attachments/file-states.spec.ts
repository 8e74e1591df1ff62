import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { FileInfo } from './attachment-engine';
import { AttachmentError } from './attachment-error';
import { type FileOwner, FileStates } from './file-states';
import { STORAGE_API } from './storage-api';
import { FakeStorageApi } from './testing/fake-storage-api';

describe('FileStates', () => {
  let storage: FakeStorageApi;
  let states: FileStates;
  let owners: ReturnType<typeof signal<readonly FileOwner[]>>;
  let types: ReturnType<typeof signal<boolean>>;
  let heads: jasmine.Spy;

  const image = (album: string, i: number) =>
    `images/${album}/0000000${i % 10}-1111-4222-8333-44444444444${i % 10}-${i}.png`;

  beforeEach(() => {
    storage = new FakeStorageApi();
    heads = spyOn(storage, 'properties').and.callThrough();
    TestBed.configureTestingModule({ providers: [FileStates, { provide: STORAGE_API, useValue: storage }] });
    states = TestBed.inject(FileStates);
    owners = signal<readonly FileOwner[]>([]);
    types = signal(false);
    TestBed.runInInjectionContext(() => states.follow(owners, { types }));
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  it('answers an album of 50 images on screen with one listing of its folder and no HEAD', async () => {
    const paths = Array.from({ length: 50 }, (_, i) => image('al', i));
    paths.slice(1).forEach((p, i) => storage.put(p, 1000 + i));
    owners.set([{ id: 'al', version: 'v1', paths }]);
    expect(states.state(paths[1]!)).toBeUndefined();
    await settle();

    expect(storage.listed).toEqual(['images/al/']);
    expect(heads).not.toHaveBeenCalled();
    expect(states.state(paths[0]!)).toBeNull();
    expect(states.state(paths[2]!)).toEqual(jasmine.objectContaining({ path: paths[2], size: 1001 }));
    expect(states.total(paths)).toEqual({ bytes: 49 * 1000 + (48 * 49) / 2, pending: 0, missing: 1 });
  });

  it('asks about a path outside its record’s folder with a listing of that path alone, no HEAD', async () => {
    storage.put('images/elsewhere/a.png', 7);
    storage.put('images/al/b.png', 8);
    storage.put('images/al/d.png', 9);
    owners.set([
      {
        id: 'al',
        version: 'v1',
        paths: ['images/al/b.png', 'images/elsewhere/a.png', 'images/al/d.png', 'legacy/c.png'],
      },
    ]);
    await settle();

    expect(storage.listed).toEqual(['images/al/', 'images/elsewhere/a.png', 'legacy/c.png']);
    expect(heads).not.toHaveBeenCalled();
    expect(states.state('images/elsewhere/a.png')).toEqual(jasmine.objectContaining({ size: 7 }));
    expect(states.state('legacy/c.png')).toBeNull();
    expect(states.state('images/al/b.png')).toEqual(jasmine.objectContaining({ size: 8 }));
  });

  it('lists each folder its record’s id names, whatever the prefix: product images, an owner’s folder', async () => {
    storage.put('products/p1/a.png', 1);
    storage.put('products/p1/b.png', 2);
    storage.put('manuals/p1/m.pdf', 3);
    storage.put('avatars/us-east-1:me/e1/x.png', 4);
    storage.put('avatars/us-east-1:me/e1/y.png', 5);
    owners.set([
      { id: 'p1', version: 'v1', paths: ['products/p1/a.png', 'products/p1/b.png', 'manuals/p1/m.pdf'] },
      { id: 'e1', version: 'v1', paths: ['avatars/us-east-1:me/e1/x.png', 'avatars/us-east-1:me/e1/y.png'] },
    ]);
    await settle();

    expect(storage.listed).toEqual(['products/p1/', 'manuals/p1/m.pdf', 'avatars/us-east-1:me/e1/']);
    expect(heads).not.toHaveBeenCalled();
    expect(states.total(['products/p1/a.png', 'products/p1/b.png', 'manuals/p1/m.pdf'])).toEqual({
      bytes: 6,
      pending: 0,
      missing: 0,
    });
    expect(states.state('avatars/us-east-1:me/e1/y.png')).toEqual(jasmine.objectContaining({ size: 5 }));
  });

  it('keeps answers for the screen’s lifetime and lists a record again when its version changes', async () => {
    storage.put('images/a/1.png');
    storage.put('images/a/2.png');
    const a = { id: 'a', version: 'v1', paths: ['images/a/1.png', 'images/a/2.png'] };
    const b = { id: 'b', version: 'v1', paths: ['images/b/1.png', 'images/b/2.png'] };
    owners.set([a]);
    await settle();
    owners.set([b]);
    await settle();
    owners.set([a]);
    await settle();
    expect(storage.listed).toEqual(['images/a/', 'images/b/']);

    storage.put('images/a/3.png', 5);
    owners.set([{ id: 'a', version: 'v2', paths: [...a.paths, 'images/a/3.png'] }]);
    expect(states.state('images/a/1.png')).toEqual(jasmine.objectContaining({ size: 100 })); // kept while asking
    expect(states.state('images/a/3.png')).toBeUndefined();
    await settle();
    expect(storage.listed).toEqual(['images/a/', 'images/b/', 'images/a/']);
    expect(states.state('images/a/3.png')).toEqual(jasmine.objectContaining({ size: 5 }));
    expect(heads).not.toHaveBeenCalled();
  });

  it('asks a record showing one file (a song’s cover) with a listing of that path: a missing one costs no HEAD', async () => {
    storage.put('images/s1/cover.png');
    storage.put('images/s1/cover.png.old'); // listed too (same prefix), not taken for the cover
    owners.set([
      { id: 's1', version: 'v', paths: ['images/s1/cover.png'] },
      { id: 's2', version: 'v', paths: ['images/s2/gone.png'] },
    ]);
    await settle();
    expect(storage.listed).toEqual(['images/s1/cover.png', 'images/s2/gone.png']);
    expect(heads).not.toHaveBeenCalled();
    expect(states.state('images/s1/cover.png')).toEqual(jasmine.objectContaining({ path: 'images/s1/cover.png' }));
    expect(states.state('images/s2/gone.png')).toBeNull();

    // With types on, only the cover that is there gets a HEAD.
    types.set(true);
    await settle();
    expect(heads.calls.allArgs()).toEqual([['images/s1/cover.png']]);
    expect(states.state('images/s1/cover.png')).toEqual(jasmine.objectContaining({ contentType: 'image/png' }));

    // A second file makes the folder worth listing; what the lookup and the HEAD said is kept.
    storage.put('images/s1/back.png', 9);
    owners.set([{ id: 's1', version: 'v2', paths: ['images/s1/cover.png', 'images/s1/back.png'] }]);
    await settle();
    expect(storage.listed).toEqual(['images/s1/cover.png', 'images/s2/gone.png', 'images/s1/']);
    expect(states.state('images/s1/back.png')).toEqual(jasmine.objectContaining({ size: 9 }));
    expect(states.state('images/s1/cover.png')).toEqual(jasmine.objectContaining({ contentType: 'image/png' }));
  });

  it('asks content types only for listed files that exist, and only while asked to', async () => {
    storage.put('images/s1/front.png');
    storage.put('images/s1/back.png');
    owners.set([
      { id: 's1', version: 'v', paths: ['images/s1/front.png', 'images/s1/back.png', 'images/s1/gone.png'] },
    ]);
    await settle();
    expect(heads).not.toHaveBeenCalled();
    expect((states.state('images/s1/front.png') as FileInfo).contentType).toBeUndefined();

    types.set(true);
    await settle();
    expect(heads.calls.allArgs()).toEqual([['images/s1/front.png'], ['images/s1/back.png']]);
    expect(states.state('images/s1/front.png')).toEqual(jasmine.objectContaining({ contentType: 'image/png' }));
    expect(states.state('images/s1/gone.png')).toBeNull();
  });

  it('says error for the paths of a folder that could not be listed, and for a failed lookup', async () => {
    storage.failNext.list = new AttachmentError('unavailable', 'down');
    owners.set([{ id: 'a', version: 'v', paths: ['images/a/1.png', 'images/a/3.png'] }]);
    await settle();
    expect(states.state('images/a/1.png')).toBe('error');
    expect(states.state('images/a/3.png')).toBe('error');

    storage.failNext.list = new AttachmentError('forbidden', 'no');
    owners.set([{ id: 'b', version: 'v', paths: ['other/2.png'] }]);
    await settle();
    expect(states.state('other/2.png')).toBe('error');
  });

  it('keeps what the listing said when the HEAD for a type fails', async () => {
    storage.put('images/s/cover.png', 42);
    storage.failNext.properties = new AttachmentError('unavailable', 'down');
    types.set(true);
    owners.set([{ id: 's', version: 'v', paths: ['images/s/cover.png'] }]);
    await settle();
    expect(heads).toHaveBeenCalledTimes(1);
    expect(states.state('images/s/cover.png')).toEqual({
      path: 'images/s/cover.png',
      size: 42,
      lastModified: undefined,
    });
  });

  it('asks about a forgotten path again', async () => {
    storage.put('images/a/1.png');
    storage.put('images/a/3.png');
    storage.put('other/2.png');
    owners.set([{ id: 'a', version: 'v', paths: ['images/a/1.png', 'images/a/3.png', 'other/2.png'] }]);
    await settle();
    storage.objects.clear();
    states.forget('images/a/1.png');
    states.forget('other/2.png');
    expect(states.state('images/a/1.png')).toBeUndefined();
    await settle();
    expect(storage.listed).toEqual(['images/a/', 'other/2.png', 'images/a/', 'other/2.png']);
    expect(heads).not.toHaveBeenCalled();
    expect(states.state('images/a/1.png')).toBeNull();
    expect(states.state('other/2.png')).toBeNull();
  });

  it('keeps at most six requests in flight, and drops those whose records left the screen first', async () => {
    const waiting: (() => void)[] = [];
    let active = 0;
    let most = 0;
    spyOn(storage, 'list').and.callFake(async (prefix: string) => {
      active++;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => waiting.push(resolve));
      active--;
      storage.listed.push(prefix);
      return [];
    });
    const page = (from: number) =>
      Array.from({ length: 25 }, (_, i) => ({
        id: `r${from + i}`,
        version: 'v',
        paths: [`images/r${from + i}/x.png`, `images/r${from + i}/y.png`],
      }));
    owners.set(page(0));
    await settle();
    expect(active).toBe(6);
    owners.set(page(25));
    await settle();
    while (waiting.length) {
      waiting.splice(0).forEach((go) => go());
      await settle();
    }
    expect(most).toBe(6);
    // The six already asked, then page two only.
    expect(storage.listed.length).toBe(31);
    expect(states.state('images/r30/x.png')).toBeNull();
    expect(states.state('images/r10/x.png')).toBeUndefined();
  });
});
