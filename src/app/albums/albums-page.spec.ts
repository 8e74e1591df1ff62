import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Router } from '@angular/router';
import { AttachmentError } from '../attachments/attachment-error';
import { overlayText } from '../../testing/dialog-testing';
import { AlbumsPage } from './albums-page';
import { type AlbumsTestBed, setUpAlbums } from './testing/albums-testbed';

describe('AlbumsPage', () => {
  let bed: AlbumsTestBed;
  let fixture: ComponentFixture<AlbumsPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  async function render(groups: string[], publish = true): Promise<void> {
    bed = await setUpAlbums(groups, [{ path: 'albums/:id', children: [] }]);
    bed.bucket.put('images/a/1-beach.png', 2048);
    bed.bucket.put('images/a/2-dunes.png', 1024);
    bed.table.seed('Summer', ['images/a/1-beach.png', 'images/a/2-dunes.png', 'images/a/3-gone.png']);
    bed.table.seed('Autumn', []);
    if (publish) bed.publish();
    fixture = TestBed.createComponent(AlbumsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
    }
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    const found = await table.getRows();
    return Promise.all(found.map((r) => r.getCellTextByColumnName()));
  }

  async function summerMenu(): Promise<void> {
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for Summer"]' }));
    await menu.clickItem({ text: /Delete album/ });
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('shows a loading state, then each album with its image count, total size, missing files and thumbnails', async () => {
    await render(['VIEWERS'], false);
    expect(text()).toContain('Loading albums…');
    bed.publish();
    await settle();
    const [autumn, summer] = await rows();
    expect(autumn).toEqual(jasmine.objectContaining({ name: 'Autumn', count: '0', size: '—' }));
    expect(summer).toEqual(jasmine.objectContaining({ name: 'Summer1 missing', count: '3', size: '3 KB' }));
    const strip = (fixture.nativeElement as HTMLElement)
      .querySelectorAll('tr.mat-mdc-row')[1]!
      .querySelectorAll('app-album-thumb');
    expect(strip.length).toBe(3);
    expect(strip[2]!.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('Missing file: ');
    expect(text()).toContain('2 albums');
  });

  it('answers an album of 50 images on screen with one listing of its folder and no HEAD', async () => {
    bed = await setUpAlbums(['VIEWERS'], [{ path: 'albums/:id', children: [] }]);
    const paths = Array.from(
      { length: 50 },
      (_, i) => `images/fifty/0000${String(i).padStart(4, '0')}-1111-4222-8333-444444444444-${i}.png`,
    );
    paths.slice(2).forEach((p) => bed.bucket.put(p, 1024));
    bed.table.seed('Fifty', paths, 'fifty');
    bed.publish();
    fixture = TestBed.createComponent(AlbumsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await settle();

    expect(await rows()).toEqual([jasmine.objectContaining({ name: 'Fifty2 missing', count: '50', size: '48 KB' })]);
    expect(bed.bucket.listed).toEqual(['images/fifty/']);
    expect(bed.bucket.heads).toEqual([]);
  });

  it('sorts by image count and searches album and image names', async () => {
    await render(['VIEWERS']);
    const sort = await loader.getHarness(MatSortHarness);
    const [, images] = await sort.getSortHeaders();
    await images!.click(); // most images first
    expect((await rows()).map((r) => r['count'])).toEqual(['3', '0']);
    await images!.click();
    expect((await rows()).map((r) => r['count'])).toEqual(['0', '3']);

    const search = await loader.getHarness(MatInputHarness.with({ placeholder: '' }));
    await search.setValue('dunes');
    expect((await rows()).map((r) => r['name'])).toEqual(['Summer1 missing']);
    expect(text()).toContain('1 of 2 albums');
    await search.setValue('nothing like it');
    expect(text()).toContain('No album matches “nothing like it”');
  });

  it('follows the live list: another operator’s new album appears', async () => {
    await render(['VIEWERS']);
    bed.table.seed('Winter', []);
    bed.publish();
    await settle();
    expect((await rows()).map((r) => r['name'])).toContain('Winter');
  });

  it('shows the empty state and, on a failed load, the reason with a way to try again', async () => {
    await render(['OPERATORS'], false);
    bed.table.fail('list', new AttachmentError('forbidden', 'Your role does not allow this.'));
    bed.publish();
    await settle();
    expect(text()).toContain('The albums could not be loaded. Your role does not allow this.');
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: /Try again/ }))).isDisabled()).toBeFalse();
  });

  it('is read-only for viewers: no New album, no actions column', async () => {
    await render(['VIEWERS']);
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /New album/ }))).toEqual([]);
    expect(text()).toContain('Read only');
    const table = await loader.getHarness(MatTableHarness);
    const [header] = await table.getHeaderRows();
    expect(Object.keys(await header!.getCellTextByColumnName())).not.toContain('actions');
  });

  it('lets operators create an album and opens it', async () => {
    await render(['OPERATORS']);
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await (await loader.getHarness(MatButtonHarness.with({ text: /New album/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const name = await dialog.getHarness(MatInputHarness);
    await name.setValue('   ');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create album' }))).click();
    expect(overlayText()).toContain('Give the album a name.');
    expect(bed.table.rows.size).toBe(2);

    await name.setValue('Spring');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create album' }))).click();
    await settle();
    const created = [...bed.table.rows.values()].find((a) => a.name === 'Spring');
    expect(created).toBeDefined();
    expect(navigate).toHaveBeenCalledWith(['/albums', created!.id]);
    expect(overlayText()).toContain('Album “Spring” created.');
  });

  it('does not let operators delete albums (admins only)', async () => {
    await render(['OPERATORS']);
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for Summer"]' }));
    await menu.open();
    const items = await menu.getItems();
    const labels = await Promise.all(items.map((i) => i.getText()));
    expect(labels).toContain('deleteDelete album (admins only)');
    expect(await items[labels.indexOf('deleteDelete album (admins only)')]!.isDisabled()).toBeTrue();
  });

  it('lets admins delete an album with its files, saying what is lost', async () => {
    await render(['ADMINS']);
    await summerMenu();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('Also delete its 3 images (3 KB) from storage');
    expect(await (await dialog.getHarness(MatRadioGroupHarness)).getCheckedValue()).toBe('delete-files');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).click();
    await settle();
    expect([...bed.table.rows.values()].map((a) => a.name)).toEqual(['Autumn']);
    expect(bed.bucket.objects.size).toBe(0);
    expect(overlayText()).toContain('Album “Summer” and its files deleted.');
    expect((await rows()).map((r) => r['name'])).toEqual(['Autumn']);
  });

  it('keeps the dialog open with the reason when the album changed meanwhile', async () => {
    await render(['ADMINS']);
    const summer = [...bed.table.rows.values()].find((a) => a.name === 'Summer')!;
    await summerMenu();
    bed.table.change(summer.id, ['images/a/1-beach.png']);
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).click();
    await settle();
    expect(await dialog.getText()).toContain('was changed by someone else');
    expect(bed.table.rows.has(summer.id)).toBeTrue();
    expect(bed.bucket.objects.size).toBe(2);
  });
});
