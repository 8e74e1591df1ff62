import { createAmplifyReferenceLookup } from './amplify-reference-lookup';

interface ListOptions {
  filter: unknown;
  nextToken?: string | null;
  selectionSet: string[];
  authMode?: string;
}

/** A Data module whose generateClient() lists from given pages, recording each call. */
function dataModule(pages: { data: Record<string, unknown>[]; nextToken?: string | null; errors?: unknown[] }[]) {
  const calls: ListOptions[] = [];
  const list = async (options: ListOptions) => {
    calls.push(options);
    return pages[calls.length - 1] ?? { data: [] };
  };
  return {
    calls,
    load: async () => ({ generateClient: () => ({ models: { Song: { list }, PhotoAlbum: { list } } }) }),
  };
}

describe('createAmplifyReferenceLookup', () => {
  it('asks one filtered list: an or of eq for a one-path field, with the name in the selection', async () => {
    const fake = dataModule([{ data: [{ id: 's1', coverArtPath: 'images/a.png', name: 'Blue' }] }]);
    const lookup = createAmplifyReferenceLookup(fake.load);
    const found = await lookup({ model: 'Song', field: 'coverArtPath', kind: 'one', nameField: 'name' }, [
      'images/a.png',
      'images/b.png',
    ]);
    expect(found).toEqual([{ model: 'Song', field: 'coverArtPath', id: 's1', name: 'Blue', paths: ['images/a.png'] }]);
    expect(fake.calls.length).toBe(1);
    expect(fake.calls[0]!.filter).toEqual({
      or: [{ coverArtPath: { eq: 'images/a.png' } }, { coverArtPath: { eq: 'images/b.png' } }],
    });
    expect(fake.calls[0]!.selectionSet).toEqual(['id', 'coverArtPath', 'name']);
  });

  it('uses contains for a list, follows empty pages to the end and drops substring matches', async () => {
    const fake = dataModule([
      { data: [], nextToken: 't1' },
      {
        data: [
          { id: 'a1', imagePaths: ['images/a.png.bak'] },
          { id: 'a2', imagePaths: ['x', 'images/a.png'] },
        ],
        nextToken: null,
      },
    ]);
    const lookup = createAmplifyReferenceLookup(fake.load);
    const found = await lookup({ model: 'PhotoAlbum', field: 'imagePaths', kind: 'many', authMode: 'apiKey' }, [
      'images/a.png',
    ]);
    expect(found.map((r) => r.id)).toEqual(['a2']);
    expect(fake.calls.map((c) => c.nextToken)).toEqual([null, 't1']);
    expect(fake.calls[0]!.filter).toEqual({ imagePaths: { contains: 'images/a.png' } });
    expect(fake.calls[0]!.authMode).toBe('apiKey');
  });

  it('fails with an AttachmentError on GraphQL errors or an unknown model', async () => {
    const fake = dataModule([{ data: [], errors: [{ errorType: 'Unauthorized', message: 'Not Authorized' }] }]);
    const lookup = createAmplifyReferenceLookup(fake.load);
    await expectAsync(lookup({ model: 'Song', field: 'coverArtPath', kind: 'one' }, ['p'])).toBeRejected();
    await expectAsync(lookup({ model: 'Nope', field: 'f', kind: 'one' }, ['p'])).toBeRejectedWithError(/no model Nope/);
  });
});
