import { discoverFileFields } from '../discovery/discover-file-fields';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { THIS_REPO_OUTPUTS } from '../discovery/testing/this-repo-outputs';
import { type Discovery, usableFileFields } from '../discovery/discovery-result';
import { type ReferenceDiscovery, referenceFields } from './provide-file-references';

function source(discovery: Discovery | undefined, models: readonly string[] = []): ReferenceDiscovery {
  return {
    discovery: () => discovery,
    knows: (model) => models.includes(model),
    permissions: (model) => ({ authMode: model === 'Product' ? 'apiKey' : 'userPool' }),
  };
}

describe('referenceFields', () => {
  it('asks every usable file field discovery found, named by its model’s name field', () => {
    const fields = referenceFields(source(discoverFileFields(THIS_REPO_OUTPUTS)));
    expect(fields).toEqual([
      { model: 'Song', field: 'coverArtPath', kind: 'one', nameField: 'name', authMode: 'userPool' },
      { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many', nameField: 'name', authMode: 'userPool' },
    ]);
  });

  it('covers models no console code names, with the auth mode their rules give', () => {
    const discovery = discoverFileFields(EXAMPLE_OUTPUTS);
    const usable = usableFileFields(discovery).map((f) => `${f.model}.${f.field}`);
    const fields = referenceFields(source(discovery));
    expect(usable.some((f) => f.startsWith('Product.'))).toBeTrue();
    expect(fields.map((f) => `${f.model}.${f.field}`)).toEqual(usable);
    const product = fields.filter((f) => f.model === 'Product');
    expect(product.every((f) => f.authMode === 'apiKey' && f.nameField === 'name')).toBeTrue();
  });

  it('before discovery has answered, the console’s own file fields of the models the backend has', () => {
    expect(referenceFields(source(undefined, ['Song']))).toEqual([
      { model: 'Song', field: 'coverArtPath', kind: 'one' },
    ]);
    expect(referenceFields(source(undefined, []))).toEqual([]);
  });
});
