import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { FILE_REFERENCES, SharedFileCheck } from '../attachments/file-references';
import { FakeReferenceLookup } from '../attachments/testing/fake-reference-lookup';
import { pdf, png } from '../attachments/testing/fake-bucket';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { RecordDetailPage } from './record-detail-page';
import { type RecordsTestBed, setUpRecords } from './testing/records-testbed';

const U1 = '00000000-0000-4000-8000-000000000001';
const U2 = '00000000-0000-4000-8000-000000000002';
const U3 = '00000000-0000-4000-8000-000000000003';

const CONFIG = {
  models: {
    Product: {
      files: {
        manualPath: { accept: ['application/pdf'], keyTemplate: 'manuals/{id}/{uuid}-{name}' },
        imageKeys: { accept: ['image/*'], keyTemplate: 'products/{id}/{uuid}-{name}' },
      },
    },
  },
};

describe('RecordDetailPage (any model, here the shop example’s Product)', () => {
  let bed: RecordsTestBed;
  let fixture: ComponentFixture<RecordDetailPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  async function render(groups: string[]): Promise<void> {
    // The app's shared-file check, over the bed's Product table (read when a delete asks).
    const lookup = new FakeReferenceLookup().model(
      [
        { model: 'Product', field: 'manualPath', kind: 'one', nameField: 'name' },
        { model: 'Product', field: 'imageKeys', kind: 'many', nameField: 'name' },
      ],
      () => bed.table('Product').rows.values(),
    );
    const sharedFiles = new SharedFileCheck(lookup.lookup, async () => lookup.fields());
    bed = await setUpRecords(EXAMPLE_OUTPUTS, groups, [{ path: 'records/:model', children: [] }], {}, CONFIG, [
      { provide: FILE_REFERENCES, useValue: sharedFiles },
    ]);
    bed.bucket.put(`manuals/p1/${U1}-drill.pdf`, 3000);
    bed.bucket.objects.set(`manuals/p1/${U1}-drill.pdf`, new Blob([new Uint8Array(3000)], { type: 'application/pdf' }));
    bed.bucket.put(`products/p1/${U2}-front.png`, 2048);
    bed.bucket.put(`products/p1/${U3}-back.png`, 1024);
    bed.table('Product').insert({
      id: 'p1',
      name: 'Drill',
      sku: 'D-1',
      price: 49.5,
      category: 'TOOLS',
      manualPath: `manuals/p1/${U1}-drill.pdf`,
      imageKeys: [`products/p1/${U2}-front.png`, `products/p1/${U3}-back.png`],
    });
    bed.publish('Product');
    fixture = TestBed.createComponent(RecordDetailPage);
    fixture.componentRef.setInput('model', 'Product');
    fixture.componentRef.setInput('id', 'p1');
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
    }
  }

  const element = () => fixture.nativeElement as HTMLElement;
  const panel = (label: string) =>
    [...element().querySelectorAll<HTMLElement>('app-file-field-panel')].find((p) =>
      p.querySelector('h2')?.textContent?.includes(label),
    )!;
  const names = (label: string) =>
    [...panel(label).querySelectorAll('[data-testid=stored-file] .name')].map((n) => n.textContent?.trim());
  const stored = () => bed.table('Product').rows.get('p1')!;

  async function choose(label: string, file: File): Promise<void> {
    const input = panel(label).querySelector<HTMLInputElement>('input[type=file]')!;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await settle();
  }

  /** Drags files over a field's panel and drops them; whether the panel showed it takes them. */
  async function drop(label: string, files: File[]): Promise<boolean> {
    const target = panel(label).closest('app-file-field-panel')!;
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await fixture.whenStable();
    const taken = target.classList.contains('over');
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await settle();
    return taken;
  }

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('shows every field, the PDF manual in a frame and the images in order with their sizes', async () => {
    await render(['CATALOG_EDITORS']);
    expect(element().querySelector('h1')?.textContent).toBe('Drill');
    const fields = Object.fromEntries(
      [...element().querySelectorAll('dl div')].map((d) => [
        d.querySelector('dt')?.textContent,
        d.querySelector('dd')?.textContent,
      ]),
    );
    expect(fields).toEqual(
      jasmine.objectContaining({ Name: 'Drill', Sku: 'D-1', Price: '49.5', Category: 'TOOLS', 'In stock': '—' }),
    );
    expect(names('Manual path')).toEqual(['drill.pdf']);
    expect(panel('Manual path').querySelector('iframe[data-testid=pdf-preview]')).not.toBeNull();
    expect(names('Image keys')).toEqual(['front.png', 'back.png']);
    expect(panel('Image keys').textContent).toContain('2 KB');
  });

  it('replaces the manual: a PDF goes in, the old file is deleted; an image is refused and nothing changes', async () => {
    await render(['CATALOG_EDITORS']);
    await choose('Manual path', png('photo.png'));
    expect(panel('Manual path').textContent).toContain('only PDF files can be attached');
    expect(stored()['manualPath']).toBe(`manuals/p1/${U1}-drill.pdf`);
    expect(bed.bucket.removed).toEqual([]);

    await choose('Manual path', pdf('guide-v2.pdf'));
    expect(stored()['manualPath']).toMatch(/^manuals\/p1\/[0-9a-f-]{36}-guide-v2\.pdf$/);
    expect(bed.bucket.removed).toEqual([`manuals/p1/${U1}-drill.pdf`]);
    expect(names('Manual path')).toEqual(['guide-v2.pdf']);
  });

  it('adds, reorders and removes images through the list workflow', async () => {
    await render(['CATALOG_EDITORS']);
    await choose('Image keys', png('side.png'));
    expect(names('Image keys')).toEqual(['front.png', 'back.png', 'side.png']);

    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Move side.png up"]' }))).click();
    await settle();
    expect(names('Image keys')).toEqual(['front.png', 'side.png', 'back.png']);

    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Remove front.png"]' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Detach and delete' }))).click();
    await settle();
    expect(names('Image keys')).toEqual(['side.png', 'back.png']);
    expect(bed.bucket.removed).toEqual([`products/p1/${U2}-front.png`]);
  });

  it('says why a conflicting change was refused, and keeps the other operator’s change', async () => {
    await render(['CATALOG_EDITORS']);
    bed.table('Product').before.update = () => {
      bed.table('Product').before.update = undefined;
      bed.table('Product').replace('p1', { name: 'Drill (edited)' });
    };
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Move back.png up"]' }))).click();
    await settle();
    expect(panel('Image keys').querySelector('[data-testid=panel-error]')?.textContent).toContain(
      'was changed by someone else',
    );
    expect(stored()['imageKeys']).toEqual([`products/p1/${U2}-front.png`, `products/p1/${U3}-back.png`]);
  });

  it('takes a file dropped on the manual’s panel as a replacement, with the picker’s checks', async () => {
    await render(['CATALOG_EDITORS']);
    expect(panel('Manual path').textContent).toContain('or drop a file here');
    expect(await drop('Manual path', [png('photo.png')])).toBeTrue();
    expect(panel('Manual path').querySelector('[data-testid=panel-error]')?.textContent).toContain(
      'only PDF files can be attached',
    );
    expect(await drop('Manual path', [pdf('a.pdf'), pdf('b.pdf')])).toBeTrue();
    expect(panel('Manual path').querySelector('[data-testid=panel-error]')?.textContent).toContain(
      'Manual path holds one file: drop one, not 2.',
    );
    expect(stored()['manualPath']).toBe(`manuals/p1/${U1}-drill.pdf`);
    expect(bed.bucket.removed).toEqual([]);

    await drop('Manual path', [pdf('guide-v3.pdf')]);
    expect(stored()['manualPath']).toMatch(/^manuals\/p1\/[0-9a-f-]{36}-guide-v3\.pdf$/);
    expect(bed.bucket.removed).toEqual([`manuals/p1/${U1}-drill.pdf`]);
    expect(names('Manual path')).toEqual(['guide-v3.pdf']);
  });

  it('adds files dropped on the images’ panel to the end of the list', async () => {
    await render(['CATALOG_EDITORS']);
    await drop('Image keys', [png('left.png'), png('right.png')]);
    expect(names('Image keys')).toEqual(['front.png', 'back.png', 'left.png', 'right.png']);
    expect((stored()['imageKeys'] as string[]).length).toBe(4);
  });

  it('does not take a drop where the group may only read', async () => {
    await render(['SALES']);
    expect(panel('Image keys').textContent).not.toContain('drop');
    expect(await drop('Image keys', [png('left.png')])).toBeFalse();
    expect(names('Image keys')).toEqual(['front.png', 'back.png']);
    expect(bed.bucket.objects.size).toBe(3);
  });

  async function editPrice(price: string): Promise<MatDialogHarness> {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Edit/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[data-field=price]' }))).setValue(price);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    await settle();
    return dialog;
  }

  it('an edit while someone else changed the record saves only its own field and keeps their change', async () => {
    await render(['CATALOG_EDITORS']);
    bed.table('Product').before.update = () => {
      bed.table('Product').before.update = undefined;
      bed.table('Product').replace('p1', { name: 'Drill (edited)', manualPath: null });
    };
    await editPrice('59');
    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(stored()['price']).toBe(59);
    expect(stored()['name']).toBe('Drill (edited)');
    expect(stored()['manualPath']).toBeNull();
  });

  it('an edit of a record someone else deleted meanwhile says so in the dialog and creates nothing', async () => {
    await render(['CATALOG_EDITORS']);
    bed.table('Product').before.update = () => {
      bed.table('Product').before.update = undefined;
      bed.table('Product').rows.delete('p1');
    };
    const dialog = await editPrice('59');
    expect(await (await dialog.host()).text()).toContain('no longer exists: someone deleted it.');
    expect(element().ownerDocument.querySelector('[data-testid=form-error]')?.getAttribute('role')).toBe('alert');
    expect(bed.table('Product').rows.size).toBe(0);
    expect(await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save' }))).isDisabled()).toBeFalse();
  });

  it('deletes a product with its files, keeping one another product uses and saying so', async () => {
    await render(['CATALOG_EDITORS']);
    bed.table('Product').insert({ id: 'p2', name: 'Drill kit', imageKeys: [`products/p1/${U3}-back.png`] });
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete with its files' }))).click();
    await settle();
    expect(bed.table('Product').rows.has('p1')).toBeFalse();
    expect([...bed.bucket.objects.keys()]).toEqual([`products/p1/${U3}-back.png`]);
    const snackbar = await root.getHarness(MatSnackBarHarness);
    expect(await snackbar.getMessage()).toBe(
      '“Drill” deleted. 1 file of “Drill” was kept: “back.png” is also used by product “Drill kit” (Product.imageKeys).',
    );
  });

  it('deletes nothing when the delete is canceled', async () => {
    await render(['CATALOG_EDITORS']);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await settle();
    expect(bed.table('Product').rows.has('p1')).toBeTrue();
    expect(bed.bucket.removed).toEqual([]);
  });

  it('offers no change to a group that may only read', async () => {
    await render(['SALES']);
    expect(names('Image keys')).toEqual(['front.png', 'back.png']);
    const labels = await Promise.all((await loader.getAllHarnesses(MatButtonHarness)).map((b) => b.getText()));
    expect(labels.filter((l) => /Edit|Delete|Attach|Replace|Add files|Detach/.test(l))).toEqual([]);
    expect(element().querySelector('[aria-label="Move back.png up"]')).toBeNull();
    expect(element().querySelector('[aria-label="Download back.png"]')).not.toBeNull();
  });
});
