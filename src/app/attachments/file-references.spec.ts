import { SharedFileCheck, describeReferrer, modelWords } from './file-references';
import { keptSentence } from './kept-files';
import { unavailable } from './testing/attachment-errors';
import { type Contract, PHOTOS } from './testing/contracts';
import { FakeReferenceLookup } from './testing/fake-reference-lookup';

const SONGS = [{ id: 's1', name: 'Blue', coverArtPath: 'images/s1/c.png' }];
const ALBUMS = [{ id: 'a1', name: 'Summer', imagePaths: ['images/a1/x.png', 'images/s1/c.png'] }];

describe('SharedFileCheck', () => {
  let lookup: FakeReferenceLookup;
  let check: SharedFileCheck;
  beforeEach(() => {
    lookup = new FakeReferenceLookup()
      .model([{ model: 'Song', field: 'coverArtPath', kind: 'one', nameField: 'name' }], () => SONGS)
      .model([{ model: 'PhotoAlbum', field: 'imagePaths', kind: 'many', nameField: 'name' }], () => ALBUMS);
    check = new SharedFileCheck(lookup.lookup, async () => lookup.fields());
  });

  it('finds the first record, in field order, of any model that references a path', async () => {
    expect(await check.usedBy('images/s1/c.png')).toEqual(
      jasmine.objectContaining({ model: 'Song', id: 's1', name: 'Blue' }),
    );
    expect(await check.usedBy('images/a1/x.png')).toEqual(
      jasmine.objectContaining({ model: 'PhotoAlbum', field: 'imagePaths', name: 'Summer' }),
    );
    expect(await check.usedBy('images/none.png')).toBeNull();
  });

  it('asks only the fields it is given at the moment of the pass', async () => {
    let fields = lookup.fields().slice(1);
    check = new SharedFileCheck(lookup.lookup, async () => fields);
    expect((await check.usedBy('images/s1/c.png'))?.model).toBe('PhotoAlbum');
    fields = [];
    expect(await check.usedBy('images/s1/c.png')).toBeNull();
  });

  it('fails when a lookup fails: nothing can be told', async () => {
    lookup.failNext = unavailable();
    await expectAsync(check.usedBy('images/s1/c.png')).toBeRejectedWithError(/cannot be reached/);
  });
});

describe('how a kept file is told', () => {
  it('names the model in words, the record by its name (else its id) and the field', () => {
    expect(modelWords('PhotoAlbum')).toBe('photo album');
    expect(modelWords('order_line')).toBe('order line');
    const album = { model: 'PhotoAlbum', field: 'imagePaths', id: 'a1', name: 'Summer', paths: [] };
    expect(describeReferrer(album)).toBe('photo album “Summer” (PhotoAlbum.imagePaths)');
    expect(describeReferrer({ ...album, name: ' ' })).toBe('photo album with id a1 (PhotoAlbum.imagePaths)');
  });

  it('says how many of a record’s files were kept, each with its reason', () => {
    const site = { id: 'c1', title: 'Site', photos: [] } as unknown as Contract;
    const usedBy = { model: 'Song', field: 'coverArtPath', id: 's1', name: 'Blue', paths: [] };
    expect(
      keptSentence(PHOTOS, site, [
        { path: 'site-photos/c1/a.png', usedBy },
        { path: 'site-photos/c1/b.png', unchecked: unavailable() },
      ]),
    ).toBe(
      '2 photo files of “Site” were kept: “a.png” is also used by song “Blue” (Song.coverArtPath); “b.png” could not be checked for other records using it (The backend cannot be reached). The orphan report lists a kept file if no record uses it.',
    );
    expect(keptSentence(PHOTOS, site, [])).toBe('');
  });
});
