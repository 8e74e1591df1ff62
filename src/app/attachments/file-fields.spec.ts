import { FILE_FIELDS, checkFileFields } from './file-fields';

function outputs(models: Record<string, unknown>): Record<string, unknown> {
  return { data: { model_introspection: { models } } };
}

const field = (name: string, type: unknown, isArray = false) => ({ name, type, isArray, isRequired: false });

const MATCHING = outputs({
  Song: { fields: { id: field('id', 'ID'), coverArtPath: field('coverArtPath', 'String') } },
  PhotoAlbum: { fields: { imagePaths: field('imagePaths', 'String', true) } },
});

describe('checkFileFields', () => {
  it('declares the song cover (one) and the album images (many)', () => {
    expect(FILE_FIELDS).toEqual([
      { model: 'Song', field: 'coverArtPath', kind: 'one' },
      { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' },
    ]);
  });

  it('accepts a backend that has every declared field with the right shape', () => {
    expect(checkFileFields(MATCHING)).toBeUndefined();
  });

  it('names a missing field and a missing model', () => {
    const problem = checkFileFields(outputs({ Song: { fields: { id: field('id', 'ID') } }, Other: { fields: {} } }));
    expect(problem).toContain('Song has no field coverArtPath');
    expect(problem).toContain('the model PhotoAlbum is missing');
    expect(problem).toContain('Deploy the backend from this repository');
  });

  it('refuses a field of the wrong shape: a list where one path is declared, and the reverse', () => {
    const problem = checkFileFields(
      outputs({
        Song: { fields: { coverArtPath: field('coverArtPath', 'String', true) } },
        PhotoAlbum: { fields: { imagePaths: field('imagePaths', 'AWSJSON') } },
      }),
    );
    expect(problem).toContain('Song.coverArtPath is a list of String, not a string');
    expect(problem).toContain('PhotoAlbum.imagePaths is AWSJSON, not a list of strings');
  });

  it('says so when the outputs have no model introspection at all', () => {
    expect(checkFileFields({ data: { url: 'x' } })).toContain('no data.model_introspection');
    expect(checkFileFields({})).toContain('no data.model_introspection');
  });

  it('checks a declaration list given to it (a new model is one line)', () => {
    expect(checkFileFields(MATCHING, [{ model: 'Song', field: 'lyricsPath', kind: 'one' }])).toContain(
      'Song has no field lyricsPath',
    );
  });
});
