import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeReachability } from '../../testing/fake-reachability';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { DiscoveryPage } from './discovery-page';
import { DISCOVERY_SOURCE, type DiscoveryInputs } from './discovery-source';
import { AMBIGUOUS_OUTPUTS } from './testing/ambiguous-outputs';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';
import { OWNER_FOLDER_OUTPUTS } from './testing/owner-folder-outputs';
import { TODO_OUTPUTS } from './testing/todo-outputs';

describe('DiscoveryPage', () => {
  let fixture: ComponentFixture<DiscoveryPage>;
  let loader: HarnessLoader;
  let loads: number;

  async function open(inputs: Partial<DiscoveryInputs> | (() => Promise<DiscoveryInputs>)): Promise<void> {
    loads = 0;
    const load =
      typeof inputs === 'function'
        ? inputs
        : async () => ({ outputs: {}, sample: {}, sampleNotes: [], groups: [], ...inputs });
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: DISCOVERY_SOURCE, useValue: { load: () => (loads++, load()) } },
        { provide: AUTH_CLIENT, useValue: Object.assign(new FakeAuthClient(), { user: userIn('ANYONE') }) },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    await TestBed.inject(Session).ready();
    fixture = TestBed.createComponent(DiscoveryPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  async function rows(selector: string): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness.with({ selector }));
    return Promise.all((await table.getRows()).map((row) => row.getCellTextByColumnName()));
  }

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  const all = (selector: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? '');

  it('lists the file fields found, their paths, where new files go and what the groups may do', async () => {
    await open({ outputs: EXAMPLE_OUTPUTS, groups: ['CATALOG_EDITORS'], identityId: 'us-east-1:me' });
    expect(all('h1')).withContext('named as the navigation names it').toEqual(['Data model']);
    const files = await rows('.file-fields');
    expect(files.map((r) => [r['name'], r['kind'], r['status'], r['paths'], r['keyTemplate'], r['access']])).toEqual([
      [
        'Product.imageKeys',
        'many [String]',
        'Found',
        'products/*',
        'products/{id}/{uuid}-{name}',
        'read, upload, delete',
      ],
      ['Product.manualPath', 'one String', 'Found', 'manuals/*', 'manuals/{id}/{uuid}-{name}', 'read, upload, delete'],
      [
        'Employee.avatarPath',
        'one String',
        'Found',
        'avatars/{entity_id}/*',
        'avatars/{entity_id}/{id}/{uuid}-{name}',
        'read (own only), upload (own only), delete (own only)',
      ],
    ]);
    expect(files[1]?.['evidence']).toContain('the storage path manuals/* is named like the field');
    const models = await rows('.models');
    expect(models.map((r) => [r['name'], r['nameField'], r['columns'], r['permissions']])).toEqual([
      ['Product', 'name', 'name, sku, price, inStock, category', 'create, read, update, delete'],
      [
        'Employee',
        'fullName',
        'fullName, email, startDate',
        'create (own only), read (own only), update (own only), delete (own only)',
      ],
    ]);
    expect(text()).toContain('No console.config.json: everything below was discovered.');
    expect(text()).toContain(
      "Add allow.groups(['CATALOG_EDITORS']).to(['read', 'update', 'delete']) to Employee's authorization",
    );
    expect(text()).toContain(
      "Add allow.groups(['CATALOG_EDITORS']).to(['read', 'write', 'delete']) on 'avatars/{entity_id}/*'",
    );
    expect(all('.cleanup-ok').length).toBe(1);
  });

  it('flags a field of bare file names as unresolved, says the fix, and that the clean-up will not run', async () => {
    const sample = {
      Post: [
        { id: 'p1', photo: 'photo.jpg' },
        { id: 'p2', photo: 'dog.png' },
      ],
    };
    await open({ outputs: OWNER_FOLDER_OUTPUTS, sample, groups: ['MODERATORS'] });
    const [photo] = await rows('.file-fields');
    expect(photo?.['status']).toBe('Unresolved');
    expect(text()).toContain(
      'Post.photo holds file names, not storage paths (2 of 2 sampled values, e.g. "photo.jpg", "dog.png")',
    );
    expect(text()).toContain('Store the `path` that uploadData returns');
    expect(all('.cleanup-blocked')).toEqual(['The orphan clean-up will not run until these are settled:']);
    expect(all('.cleanup-blocked + ul li')).toEqual([
      'Post.photo: 2 of 2 sampled values are not storage paths, so files it refers to would look orphaned.',
    ]);
    expect(text()).toContain("Note's rules cannot be read");
  });

  it('shows the console.config.json that settles an ambiguous field', async () => {
    await open({ outputs: AMBIGUOUS_OUTPUTS, groups: [] });
    expect((await rows('.file-fields')).map((r) => r['status'])).toEqual(['Ambiguous', 'Ambiguous']);
    const [urlSnippet] = all('.snippet');
    expect(JSON.parse(urlSnippet ?? '')).toEqual({
      models: { Link: { files: { url: { keyTemplate: 'public/{id}/{uuid}-{name}' } } } },
    });
  });

  it('says plainly that an app without file fields has none, and still lists its models', async () => {
    await open({ outputs: TODO_OUTPUTS, groups: [] });
    expect(text()).toContain('No file fields were found');
    expect(text()).toContain('1 model, 0 file fields.');
    expect((await rows('.models')).map((r) => [r['name'], r['permissions']])).toEqual([
      ['Todo', 'create, read, update, delete'],
    ]);
  });

  it('says a config with mistakes applies nothing, and lists each mistake', async () => {
    await open({ outputs: EXAMPLE_OUTPUTS, groups: ['SALES'], config: { models: { Widget: {} } } });
    expect(text()).toContain('console.config.json has mistakes (below): none of it applies until they are fixed.');
    expect(text()).toContain('there is no model Widget in amplify_outputs.json (models: Product, Employee)');
  });

  it('says why it could not read the backend, and looks again on request', async () => {
    let fail = true;
    await open(async () => {
      if (fail) throw new Error('network down');
      return {
        outputs: TODO_OUTPUTS,
        sample: {},
        sampleNotes: ['Todo could not be sampled: Unauthorized'],
        groups: [],
      };
    });
    expect(all('[role="alert"]')).toEqual(['Discovery could not read the backend: network down']);
    fail = false;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Look again/ }))).click();
    await fixture.whenStable();
    expect(loads).toBe(2);
    expect(all('.note')).toEqual(['Todo could not be sampled: Unauthorized']);
  });
});
