import { readIntrospection, type ModelIntrospection } from './model-introspection';
import { permissionsFor } from './model-permissions';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';
import { OWNER_FOLDER_OUTPUTS } from './testing/owner-folder-outputs';
import { THIS_REPO_OUTPUTS } from './testing/this-repo-outputs';
import { TODO_OUTPUTS } from './testing/todo-outputs';

const intro = (outputs: unknown) => readIntrospection(outputs) as ModelIntrospection;
const crud = (p: ReturnType<typeof permissionsFor>) => [p.create, p.read, p.update, p.delete];

describe('permissionsFor', () => {
  const repo = intro(THIS_REPO_OUTPUTS);
  const shop = intro(EXAMPLE_OUTPUTS);

  it("gives this repository's three roles what its rules say", () => {
    expect(crud(permissionsFor('Song', ['ADMINS'], repo))).toEqual(['all', 'all', 'all', 'all']);
    expect(crud(permissionsFor('Song', ['OPERATORS'], repo))).toEqual(['all', 'all', 'all', 'none']);
    expect(crud(permissionsFor('PhotoAlbum', ['VIEWERS'], repo))).toEqual(['none', 'all', 'none', 'none']);
    expect(permissionsFor('Song', ['VIEWERS'], repo).grantedBy).toEqual(["allow.groups(['VIEWERS']): read"]);
  });

  it('reads any group names, and joins the rules of several groups', () => {
    expect(crud(permissionsFor('Product', ['CATALOG_EDITORS'], shop))).toEqual(['all', 'all', 'all', 'all']);
    expect(crud(permissionsFor('Product', ['SALES'], shop))).toEqual(['none', 'all', 'none', 'none']);
    expect(crud(permissionsFor('Product', ['SALES', 'CATALOG_EDITORS'], shop))).toEqual(['all', 'all', 'all', 'all']);
  });

  it('says which rule a group lacks to see owner-only records', () => {
    const p = permissionsFor('Employee', ['CATALOG_EDITORS'], shop);
    expect(crud(p)).toEqual(['own', 'own', 'own', 'own']);
    expect(p.missing).toBe(
      "Employee records are owner-only (allow.owner()): members of CATALOG_EDITORS see only the records they own, not everyone's. " +
        "Add allow.groups(['CATALOG_EDITORS']).to(['read', 'update', 'delete']) to Employee's authorization in amplify/data/resource.ts to look after every record.",
    );
    const hr = permissionsFor('Employee', ['HR'], shop);
    expect(crud(hr)).toEqual(['own', 'all', 'own', 'own']);
    expect(hr.missing).toBeUndefined();
  });

  it('says which rule a group lacks when none names it', () => {
    const p = permissionsFor('Product', ['HR'], shop);
    expect(crud(p)).toEqual(['none', 'none', 'none', 'none']);
    expect(p.missing).toBe(
      "None of Product's rules lets members of HR read it. Add allow.groups(['HR']).to(['read']) to Product's authorization in amplify/data/resource.ts.",
    );
  });

  it('uses the API key for a model only public rules open (the quick-start Todo)', () => {
    const p = permissionsFor('Todo', [], intro(TODO_OUTPUTS));
    expect(p.authMode).toBe('apiKey');
    expect(crud(p)).toEqual(['all', 'all', 'all', 'all']);
  });

  it('shows a model guarded by a custom authorizer read-only, and says why', () => {
    const p = permissionsFor('Note', ['MODERATORS'], intro(OWNER_FOLDER_OUTPUTS));
    expect(crud(p)).toEqual(['none', 'all', 'none', 'none']);
    expect(p.readOnlyReason).toContain('a custom (Lambda) authorizer decides');
  });

  it('lets every signed-in user read what allow.authenticated() opens, and owners change their own', () => {
    const p = permissionsFor('Post', [], intro(OWNER_FOLDER_OUTPUTS));
    expect(crud(p)).toEqual(['own', 'all', 'own', 'own']);
  });

  it('shows a model without rules read-only, and an unknown model as such', () => {
    const bare: ModelIntrospection = { models: { Thing: { name: 'Thing', fields: {} } } };
    expect(permissionsFor('Thing', ['ADMINS'], bare).readOnlyReason).toContain('has no authorization rules');
    expect(permissionsFor('Nope', ['ADMINS'], bare).readOnlyReason).toBe('There is no model Nope.');
  });
});
