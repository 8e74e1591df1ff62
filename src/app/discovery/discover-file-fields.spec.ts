import { discoverFileFields } from './discover-file-fields';
import { cleanupBlockers, usableFileFields, type Discovery } from './discovery-result';
import { AMBIGUOUS_OUTPUTS } from './testing/ambiguous-outputs';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';
import { OWNER_FOLDER_OUTPUTS } from './testing/owner-folder-outputs';
import { THIS_REPO_OUTPUTS } from './testing/this-repo-outputs';
import { TODO_OUTPUTS } from './testing/todo-outputs';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function field(discovery: Discovery, model: string, name: string) {
  return discovery.models.find((m) => m.name === model)?.fileFields.find((f) => f.field === name);
}

describe('discoverFileFields', () => {
  describe("on this repository's backend", () => {
    it('finds Song.coverArtPath (one) and PhotoAlbum.imagePaths (many) under images/*, and nothing open', () => {
      const discovery = discoverFileFields(THIS_REPO_OUTPUTS);
      const found = usableFileFields(discovery).map((f) => [f.model, f.field, f.kind, f.paths.join()]);
      expect(found).toEqual([
        ['Song', 'coverArtPath', 'one', 'images/*'],
        ['PhotoAlbum', 'imagePaths', 'many', 'images/*'],
      ]);
      expect(discovery.problems).toEqual([]);
      expect(discovery.summary).toBe('2 models, 2 file fields.');
      expect(cleanupBlockers(discovery)).toEqual([]);
    });

    it('reads the key template from sampled keys, and says what the sample showed', () => {
      const sample = {
        Song: [
          { id: 's1', name: 'One', coverArtPath: `images/s1/${UUID}-cover.png` },
          { id: 's2', name: 'Two', coverArtPath: `images/s2/${UUID}-art.jpg` },
          { id: 's3', name: 'Three', coverArtPath: null },
        ],
      };
      const cover = field(discoverFileFields(THIS_REPO_OUTPUTS, sample), 'Song', 'coverArtPath');
      expect(cover?.keyTemplate).toBe('images/{id}/{uuid}-{name}');
      expect(cover?.keyTemplateSource).toBe('sampled');
      expect(cover?.evidence).toContain('2 of 2 sampled values start with `images/`');
      expect(cover?.sampled).toEqual({ values: 2, resolved: 2 });
    });

    it('names records by their name field and shows it as the first column', () => {
      const song = discoverFileFields(THIS_REPO_OUTPUTS).models.find((m) => m.name === 'Song');
      expect(song?.nameField).toBe('name');
      expect(song?.columns).toEqual(['name']);
    });
  });

  describe('on an example shop app', () => {
    const discovery = discoverFileFields(EXAMPLE_OUTPUTS);

    it('finds the images of a Product under products/*, its PDF manual under manuals/*, and the owner-folder avatar', () => {
      expect(field(discovery, 'Product', 'imageKeys')).toEqual(
        jasmine.objectContaining({ kind: 'many', status: 'likely', paths: ['products/*'] }),
      );
      expect(field(discovery, 'Product', 'manualPath')).toEqual(
        jasmine.objectContaining({ kind: 'one', status: 'likely', paths: ['manuals/*'] }),
      );
      expect(field(discovery, 'Employee', 'avatarPath')).toEqual(
        jasmine.objectContaining({ kind: 'one', paths: ['avatars/{entity_id}/*'] }),
      );
      expect(field(discovery, 'Product', 'manualPath')?.evidence).toContain(
        'the storage path manuals/* is named like the field',
      );
    });

    it('shows the scalar fields as columns (string, number, boolean, enum, date), never files, keys or timestamps', () => {
      const product = discovery.models.find((m) => m.name === 'Product');
      expect(product?.columns).toEqual(['name', 'sku', 'price', 'inStock', 'category']);
      const employee = discovery.models.find((m) => m.name === 'Employee');
      expect(employee?.nameField).toBe('fullName');
      expect(employee?.columns).toEqual(['fullName', 'email', 'startDate']);
    });

    it("uploads into the uploader's folder under an owner path, and says that folder is per user", () => {
      expect(field(discovery, 'Employee', 'avatarPath')?.keyTemplate).toBe('avatars/{entity_id}/{id}/{uuid}-{name}');
      const ownerScoped = discovery.problems.filter((p) => p.kind === 'owner-scoped');
      expect(ownerScoped.map((p) => `${p.model}.${p.field}`)).toEqual(['Employee.avatarPath']);
      expect(ownerScoped[0]?.fix).toContain("on 'avatars/{entity_id}/*' in amplify/storage/resource.ts");
    });

    it('does not take a sku for a file, and takes a field with values under a storage path for one whatever its name', () => {
      const sample = { Product: [{ id: 'p1', sku: `products/p1/${UUID}-front.jpg`, manualPath: 'manuals/p1/x.pdf' }] };
      const withSample = discoverFileFields(EXAMPLE_OUTPUTS, sample);
      expect(field(discovery, 'Product', 'sku')).toBeUndefined();
      expect(field(withSample, 'Product', 'sku')?.evidence).toEqual(['1 of 1 sampled values start with `products/`']);
    });
  });

  describe("on Amplify's quick-start Todo app", () => {
    it('says plainly that there are no file fields and no storage', () => {
      const discovery = discoverFileFields(TODO_OUTPUTS);
      expect(discovery.models.map((m) => [m.name, m.fileFields.length, m.nameField])).toEqual([['Todo', 0, 'content']]);
      expect(discovery.summary).toBe('1 model, 0 file fields.');
      expect(discovery.problems.map((p) => p.message)).toEqual([
        'amplify_outputs.json declares no storage paths (storage.buckets[].paths), so no field can point at stored files.',
        'No file fields: no String field of Todo holds, or is named like, storage paths.',
      ]);
    });
  });

  describe('with ambiguous string fields', () => {
    it('marks url and icon ambiguous without samples, with the console.config.json that settles each', () => {
      const discovery = discoverFileFields(AMBIGUOUS_OUTPUTS);
      expect(discovery.models[0]?.fileFields.map((f) => [f.field, f.status])).toEqual([
        ['url', 'ambiguous'],
        ['icon', 'ambiguous'],
      ]);
      const problem = discovery.problems.find((p) => p.field === 'url');
      expect(problem?.kind).toBe('ambiguous');
      expect(JSON.parse(problem?.snippet ?? '{}')).toEqual({
        models: { Link: { files: { url: { keyTemplate: 'public/{id}/{uuid}-{name}' } } } },
      });
      expect(discovery.summary).toBe('1 model, 0 file fields (and 2 ambiguous).');
      expect(cleanupBlockers(discovery).length).toBe(2);
    });

    it('drops a field whose samples are web addresses, and settles the other from the config', () => {
      const sample = {
        Link: [
          { id: 'l1', url: 'https://example.com/a' },
          { id: 'l2', url: 'http://x.org' },
        ],
      };
      const config = {
        models: { Link: { files: { icon: { accept: ['image/svg+xml', 'image/png'], maxBytes: 100000 } } } },
      };
      const discovery = discoverFileFields(AMBIGUOUS_OUTPUTS, sample, config);
      expect(discovery.configApplied).toBeTrue();
      expect(discovery.models[0]?.fileFields.map((f) => [f.field, f.status])).toEqual([['icon', 'confirmed']]);
      const icon = field(discovery, 'Link', 'icon');
      expect(icon?.accept).toEqual(['image/svg+xml', 'image/png']);
      expect(icon?.maxBytes).toBe(100000);
      expect(icon?.evidence[0]).toBe('confirmed by console.config.json');
      expect(discovery.problems).toEqual([]);
      expect(cleanupBlockers(discovery)).toEqual([]);
    });

    it('rules a field out with false, and takes the naming field and columns from the config', () => {
      const config = {
        models: { Link: { files: { url: false, icon: false }, nameField: 'notes', columns: ['notes', 'title'] } },
      };
      const link = discoverFileFields(AMBIGUOUS_OUTPUTS, {}, config).models[0];
      expect(link?.fileFields).toEqual([]);
      expect(link?.nameField).toBe('notes');
      expect(link?.columns).toEqual(['notes', 'title']);
    });
  });

  describe('with a field holding bare file names under an owner folder', () => {
    const sample = {
      Post: [
        { id: 'p1', caption: 'Beach', photo: 'photo.jpg' },
        { id: 'p2', caption: 'Hills', photo: 'hills.png' },
        { id: 'p3', caption: 'Snow', photo: 'snow.jpeg' },
      ],
    };

    it('marks the field unresolved, says why and how to fix it, and blocks the orphan clean-up', () => {
      const discovery = discoverFileFields(OWNER_FOLDER_OUTPUTS, sample);
      const photo = field(discovery, 'Post', 'photo');
      expect(photo?.status).toBe('unresolved');
      expect(photo?.sampled).toEqual({ values: 3, resolved: 0 });
      expect(usableFileFields(discovery)).toEqual([]);
      const problem = discovery.problems.find((p) => p.kind === 'unresolved');
      expect(problem?.message).toContain('Post.photo holds file names, not storage paths (3 of 3 sampled values');
      expect(problem?.message).toContain('media/{entity_id}/*');
      expect(problem?.fix).toContain('Store the `path` that uploadData returns');
      expect(cleanupBlockers(discovery)).toEqual([
        'Post.photo: 3 of 3 sampled values are not storage paths, so files it refers to would look orphaned.',
      ]);
    });

    it('stays unresolved when the config confirms it is a file field (the stored values still lead nowhere)', () => {
      const discovery = discoverFileFields(OWNER_FOLDER_OUTPUTS, sample, {
        models: { Post: { files: { photo: true } } },
      });
      expect(field(discovery, 'Post', 'photo')?.status).toBe('unresolved');
      expect(cleanupBlockers(discovery).length).toBe(1);
    });

    it('resolves once most values are full paths, and names the owner folder in the template it reads', () => {
      const owner = 'us-east-1:5b0c2ab6-6c1f-4c5e-9d2e-0e7a1c1d0a11';
      const paths = ['p1', 'p2', 'p3'].map((id) => ({ id, photo: `media/${owner}/${id}/${UUID}-a.jpg` }));
      const photo = field(discoverFileFields(OWNER_FOLDER_OUTPUTS, { Post: paths }), 'Post', 'photo');
      expect(photo?.status).toBe('likely');
      expect(photo?.keyTemplate).toBe('media/{entity_id}/{id}/{uuid}-{name}');
      expect(photo?.keyTemplateSource).toBe('sampled');
    });

    it('counts a mix below the plausible share as unresolved', () => {
      const mixed = [
        { id: 'a', photo: `media/x/${UUID}-a.jpg` },
        { id: 'b', photo: 'b.jpg' },
      ];
      expect(field(discoverFileFields(OWNER_FOLDER_OUTPUTS, { Post: mixed }), 'Post', 'photo')?.status).toBe(
        'unresolved',
      );
    });
  });

  describe('with a console.config.json that has mistakes', () => {
    it('reports each, applies none of it, and discovers as without a config', () => {
      const config = {
        models: {
          Widget: {},
          Product: { files: { price: {}, imageKeys: { kind: 'one', maxBytes: -1 } }, nameField: 'title' },
        },
      };
      const discovery = discoverFileFields(EXAMPLE_OUTPUTS, {}, config);
      expect(discovery.configApplied).toBeFalse();
      expect(discovery.problems.filter((p) => p.kind === 'config').map((p) => p.message)).toEqual([
        'console.config.json: models.Widget: there is no model Widget in amplify_outputs.json (models: Product, Employee).',
        'console.config.json: models.Product.nameField: Product has no field title.',
        'console.config.json: models.Product.files.price: Product.price is Float, not String or [String]: only text fields can hold file paths.',
        'console.config.json: models.Product.files.imageKeys.kind is "one", but the field is a list of strings ([String]): use "many".',
        'console.config.json: models.Product.files.imageKeys.maxBytes must be a whole number of bytes above 0.',
      ]);
      expect(discovery.models.find((m) => m.name === 'Product')?.nameField).toBe('name');
      expect(field(discovery, 'Product', 'imageKeys')?.kind).toBe('many');
    });
  });

  it('says there is nothing to discover without a Data backend', () => {
    const discovery = discoverFileFields({ version: '1.4', auth: {} });
    expect(discovery.models).toEqual([]);
    expect(discovery.problems[0]?.kind).toBe('no-data');
  });
});
