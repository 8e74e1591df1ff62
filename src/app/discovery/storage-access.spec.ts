import { storageAccessFor } from './storage-access';
import { classifyValue, pathOf, readStoragePaths, type StoragePath } from './storage-paths';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';
import { THIS_REPO_OUTPUTS } from './testing/this-repo-outputs';

const SUB = '${cognito-identity.amazonaws.com:sub}';

function pathNamed(paths: StoragePath[], pattern: string): StoragePath {
  const found = paths.find((p) => p.pattern === pattern);
  if (!found) throw new Error(`no path ${pattern}`);
  return found;
}

describe('readStoragePaths', () => {
  it("reads this repository's images/* with its three groups", () => {
    const [images] = readStoragePaths(THIS_REPO_OUTPUTS);
    expect(images).toEqual({
      pattern: 'images/*',
      prefix: 'images/',
      ownerScoped: false,
      bucket: 'attachmentConsoleFiles',
      access: {
        groupsADMINS: ['get', 'list', 'write', 'delete'],
        groupsOPERATORS: ['get', 'list', 'write', 'delete'],
        groupsVIEWERS: ['get', 'list'],
      },
      ownerAccess: [],
    });
  });

  it('joins the two halves ampx writes for an owner path back into media/{entity_id}/*', () => {
    const outputs = {
      storage: {
        buckets: [
          {
            name: 'files',
            paths: {
              'media/*': { groupsMODERATORS: ['get', 'list', 'delete'], authenticated: ['get'] },
              [`media/${SUB}/*`]: { entityidentity: ['get', 'list', 'write', 'delete'] },
              'public/*': { guest: ['get'] },
            },
          },
        ],
      },
    };
    const paths = readStoragePaths(outputs);
    expect(paths.map((p) => p.pattern)).toEqual(['public/*', 'media/{entity_id}/*']);
    const media = pathNamed(paths, 'media/{entity_id}/*');
    expect(media.access).toEqual({ groupsMODERATORS: ['get', 'list', 'delete'], authenticated: ['get'] });
    expect(media.ownerAccess).toEqual(['get', 'list', 'write', 'delete']);
    expect(storageAccessFor(media, ['MODERATORS'])).toEqual(
      jasmine.objectContaining({ read: 'all', list: 'all', write: 'own', delete: 'all' }),
    );
    expect(storageAccessFor(media, [])).toEqual(
      jasmine.objectContaining({ read: 'all', list: 'own', write: 'own', delete: 'own' }),
    );
  });

  it('finds no paths in outputs without storage', () => {
    expect(readStoragePaths({ version: '1.4' })).toEqual([]);
  });
});

describe('classifyValue', () => {
  const paths = readStoragePaths(EXAMPLE_OUTPUTS);

  it('tells storage paths from web addresses, bare names, relative keys and plain text', () => {
    expect(classifyValue('products/p1/a.jpg', paths)).toBe('path');
    expect(classifyValue('avatars/us-east-1:abc/me.png', paths)).toBe('path');
    expect(classifyValue('https://cdn.example.com/a.jpg', paths)).toBe('url');
    expect(classifyValue('photo.jpg', paths)).toBe('file-name');
    expect(classifyValue('us-east-1:abc/photo.jpg', paths)).toBe('relative-key');
    expect(classifyValue('products/', paths)).toBe('other');
    expect(classifyValue('a red chair', paths)).toBe('other');
  });

  it('finds the path a key lies under', () => {
    expect(pathOf('manuals/p1/guide.pdf', paths)?.pattern).toBe('manuals/*');
    expect(pathOf('elsewhere/guide.pdf', paths)).toBeUndefined();
  });
});

describe('storageAccessFor', () => {
  const paths = readStoragePaths(EXAMPLE_OUTPUTS);

  it('gives each group what its grants say, for any group names', () => {
    const products = pathNamed(paths, 'products/*');
    expect(storageAccessFor(products, ['CATALOG_EDITORS'])).toEqual({
      path: 'products/*',
      read: 'all',
      list: 'all',
      write: 'all',
      delete: 'all',
    });
    const sales = storageAccessFor(products, ['SALES']);
    expect([sales.read, sales.write, sales.delete, sales.missing]).toEqual(['all', 'none', 'none', undefined]);
  });

  it('says which rule is missing when a group cannot see the files at all', () => {
    expect(storageAccessFor(pathNamed(paths, 'manuals/*'), ['HR']).missing).toBe(
      "Members of HR cannot see the files under manuals/*: add allow.groups(['HR']).to(['read']) on 'manuals/*' in amplify/storage/resource.ts.",
    );
  });

  it("keeps a group to its own folder under {entity_id} and says exactly which rule reaches everyone's", () => {
    const access = storageAccessFor(pathNamed(paths, 'avatars/{entity_id}/*'), ['CATALOG_EDITORS'], 'us-east-1:abc');
    expect([access.read, access.list, access.write, access.delete]).toEqual(['own', 'own', 'own', 'own']);
    expect(access.ownFolder).toBe('avatars/us-east-1:abc/');
    expect(access.missing).toBe(
      "avatars/{entity_id}/* is one folder per user ({entity_id}): members of CATALOG_EDITORS reach only their own folder, so the console cannot show or clean up anyone else's files. " +
        "Add allow.groups(['CATALOG_EDITORS']).to(['read', 'write', 'delete']) on 'avatars/{entity_id}/*' in amplify/storage/resource.ts to look after every user's files.",
    );
  });
});
