import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { through } from '../../testing/waits';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { JobRunner } from '../jobs/job-runner';
import { RecordsPage } from './records-page';
import { type RecordsTestBed, setUpRecords } from './testing/records-testbed';

describe('RecordsPage (any model, here the shop example’s Product)', () => {
  let bed: RecordsTestBed;
  let fixture: ComponentFixture<RecordsPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  async function render(groups: string[], model = 'Product'): Promise<void> {
    bed = await setUpRecords(EXAMPLE_OUTPUTS, groups, [{ path: 'records/:model/:id', children: [] }]);
    bed.bucket.put('manuals/p1/aaa-drill.pdf', 3000);
    bed.bucket.put('products/p1/bbb-front.png', 2048);
    const products = bed.table('Product');
    products.insert({
      id: 'p1',
      name: 'Drill',
      sku: 'D-1',
      price: 49.5,
      inStock: true,
      manualPath: 'manuals/p1/aaa-drill.pdf',
      imageKeys: ['products/p1/bbb-front.png', 'products/p1/ccc-gone.png'],
    });
    products.insert({
      id: 'p2',
      name: 'Anvil',
      sku: 'A-9',
      price: 120,
      inStock: false,
      manualPath: 'anvil.pdf',
      imageKeys: [],
    });
    bed.publish('Product');
    bed.publish('Employee');
    fixture = TestBed.createComponent(RecordsPage);
    fixture.componentRef.setInput('model', model);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
    }
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    return Promise.all((await table.getRows()).map((r) => r.getCellTextByColumnName()));
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('shows the scalar columns and one column per file field, with sizes, missing files and values that are not storage paths', async () => {
    await render(['CATALOG_EDITORS']);
    const shown = await rows();
    expect(shown.map((r) => [r['field-name'], r['field-sku'], r['field-price'], r['field-inStock']])).toEqual([
      ['Anvil', 'A-9', '120', 'No'],
      ['Drill', 'D-1', '49.5', 'Yes'],
    ]);
    expect(shown[1]!['file-manualPath']).toContain('drill.pdf');
    expect(shown[1]!['file-manualPath']).toContain('2.9 KB');
    expect(shown[1]!['file-imageKeys']).toContain('front.png');
    expect(shown[1]!['file-imageKeys']).toContain('2 files');
    expect(shown[1]!['file-imageKeys']).toContain('Missing file');
    expect(shown[0]!['file-manualPath']).toContain('Not a storage path');
    // A value under no storage path is never asked about.
    expect(bed.bucket.listed.some((p) => p.includes('anvil'))).toBeFalse();
    expect(bed.bucket.heads.some((p) => p.includes('anvil'))).toBeFalse();
  });

  it('searches the loaded records and sorts by any column', async () => {
    await render(['CATALOG_EDITORS']);
    const search = await loader.getHarness(MatInputHarness.with({ placeholder: '' }));
    await search.setValue('drill');
    await settle();
    expect((await rows()).map((r) => r['field-name'])).toEqual(['Drill']);
    await search.setValue('');
    const header = fixture.nativeElement.querySelector('th.mat-column-field-price .mat-sort-header-container');
    header.click();
    header.click();
    await settle();
    expect((await rows()).map((r) => r['field-name'])).toEqual(['Anvil', 'Drill']);
  });

  it('is read-only for a group whose rules only read, and says which rule is missing where a group cannot read', async () => {
    await render(['SALES']);
    expect(text()).toContain('Read only');
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
    fixture.componentRef.setInput('model', 'Employee');
    await settle();
    expect(text()).toContain('Employee records are owner-only');
    expect(text()).toContain("allow.groups(['SALES'])");
  });

  it('creates a record from the dialog built from the scalar fields, refusing an empty required field', async () => {
    await render(['CATALOG_EDITORS']);
    await (await loader.getHarness(MatButtonHarness.with({ text: /New product/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create Product' }))).click();
    expect(await dialog.getText()).toContain('Name is required.');
    expect(bed.table('Product').writes()).toBe(0);
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[data-field=name]' }))).setValue('Saw');
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[data-field=price]' }))).setValue('9.99');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create Product' }))).click();
    await settle();
    const saw = [...bed.table('Product').rows.values()].find((r) => r['name'] === 'Saw');
    expect(saw?.['price']).toBe(9.99);
    expect(saw?.['imageKeys']).toEqual([]);
  });

  it('bulk deletes the selected records and their files through the job runner', async () => {
    await render(['CATALOG_EDITORS']);
    const boxes = await loader.getAllHarnesses(MatCheckboxHarness);
    await boxes[2]!.check(); // Drill (the header box first)
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete \(1\)/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete the files too' }))).click();
    const [job] = TestBed.inject(JobRunner).jobs();
    await through(job!);
    await settle();
    expect([...bed.table('Product').rows.keys()]).toEqual(['p2']);
    expect(bed.bucket.removed.sort()).toEqual([
      'manuals/p1/aaa-drill.pdf',
      'products/p1/bbb-front.png',
      'products/p1/ccc-gone.png',
    ]);
    expect((await rows()).map((r) => r['field-name'])).toEqual(['Anvil']);

    // Its Undo (what the job panel starts): the record is back with its fields, and its files.
    const before = job!.results()[0]!.item as Record<string, unknown>;
    job!.undo!.start();
    const undo = TestBed.inject(JobRunner).jobs().at(-1)!;
    await through(undo);
    await settle();
    expect(undo.results().map((r) => [r.label, r.status])).toEqual([['Drill', 'ok']]);
    const back = bed.table('Product').rows.get('p1')!;
    for (const key of Object.keys(before).filter((k) => k !== 'createdAt' && k !== 'updatedAt')) {
      expect(back[key]).withContext(key).toEqual(before[key]);
    }
    expect(bed.bucket.objects.has('manuals/p1/aaa-drill.pdf')).toBeTrue();
    expect(bed.bucket.objects.has('products/p1/bbb-front.png')).toBeTrue();
    expect((await rows()).map((r) => r['field-name']).sort()).toEqual(['Anvil', 'Drill']);
  });
});
