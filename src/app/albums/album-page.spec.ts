import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { AttachmentError } from '../attachments/attachment-error';
import { overlayText } from '../../testing/dialog-testing';
import type { PhotoAlbum } from './album';
import { AlbumPage } from './album-page';
import { type AlbumsTestBed, setUpAlbums } from './testing/albums-testbed';
import { png } from './testing/fake-album-backend';

const PATHS = ['one.png', 'two.png', 'three.png'].map(
  (name, i) => `images/al/0000000${i}-1111-4222-8333-444444444444-${name}`,
);

describe('AlbumPage', () => {
  let bed: AlbumsTestBed;
  let fixture: ComponentFixture<AlbumPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let album: PhotoAlbum;

  async function render(groups: string[], paths = PATHS): Promise<void> {
    bed = await setUpAlbums(groups);
    paths.forEach((p, i) => bed.bucket.put(p, 1024 * (i + 1)));
    album = bed.table.seed('Trip', [...paths], 'al');
    bed.publish();
    fixture = TestBed.createComponent(AlbumPage);
    fixture.componentRef.setInput('id', 'al');
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

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; !check(); i++) {
      if (i > 100) throw new Error('timed out');
      await settle();
    }
  }

  const el = () => fixture.nativeElement as HTMLElement;
  const text = () => (el().textContent ?? '').replace(/\s+/g, ' ');
  const names = () => [...el().querySelectorAll('[data-testid=tile-name]')].map((n) => n.textContent!.trim());
  const stored = () => bed.table.rows.get('al')!;

  function pick(input: string, files: File[]): void {
    const target = el().querySelector<HTMLInputElement>(`[data-testid=${input}]`)!;
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    target.files = transfer.files;
    target.dispatchEvent(new Event('change'));
  }

  async function tileAction(name: string, item: string | RegExp): Promise<void> {
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: `[aria-label="Actions for ${name}"]` }));
    await menu.clickItem({ text: item });
    await settle();
  }

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('shows the gallery in order with the counts of images and bytes', async () => {
    await render(['VIEWERS']);
    expect(names()).toEqual(['one.png', 'two.png', 'three.png']);
    expect(el().querySelector('[data-testid=album-counts]')!.textContent!.replace(/\s+/g, ' ')).toContain(
      '3 images · 6 KB',
    );
    expect(el().querySelectorAll('app-album-thumb img').length).toBe(3);
  });

  it('asks storage about 50 images with one listing of the album’s folder, and lists it again after an add', async () => {
    const fifty = Array.from(
      { length: 50 },
      (_, i) => `images/al/0000${String(i).padStart(4, '0')}-1111-4222-8333-444444444444-${i}.png`,
    );
    await render(['OPERATORS'], fifty);
    expect(bed.bucket.listed).toEqual(['images/al/']);
    expect(bed.bucket.heads).toEqual([]);
    expect(el().querySelectorAll('app-album-thumb img').length).toBe(50);

    pick('add-input', [png('new.png')]);
    await until(() => stored().imagePaths.length === 51);
    await settle();
    expect(bed.bucket.listed).toEqual(['images/al/', 'images/al/']);
    expect(bed.bucket.heads).toEqual([]);
    expect(el().querySelector('[data-testid=missing-file]')).toBeNull();
    expect(el().querySelectorAll('app-album-thumb img').length).toBe(51);
  });

  it('adds picked files with a progress list: valid ones in one write, the invalid one listed', async () => {
    await render(['OPERATORS']);
    const before = bed.table.writes();
    const same = png('same.png');
    pick('add-input', [same, same, new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    await until(() => stored().imagePaths.length === 5);
    await settle();
    expect(bed.table.writes()).toBe(before + 1);
    expect(names()).toEqual(['one.png', 'two.png', 'three.png', 'same.png', 'same.png']);
    expect(new Set(stored().imagePaths).size).toBe(5);
    const list = el().querySelector('app-upload-list')!.textContent!;
    expect(list).toContain('1 file was not added');
    expect(list).toContain('“notes.txt” is of type text/plain');
    expect(overlayText()).toContain('Added 2 images to “Trip”. 1 not added: see the list.');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Dismiss' }))).click();
    expect(el().querySelector('app-upload-list')).toBeNull();
  });

  it('lists every file as not added when the write of the batch is refused', async () => {
    await render(['OPERATORS']);
    bed.table.fail('update', new AttachmentError('forbidden', 'Your role does not allow this. Nothing was changed.'));
    pick('add-input', [png('a.png'), png('b.png')]);
    await until(() => overlayText().includes('Your role does not allow this.'));
    await settle();
    const list = el().querySelector('app-upload-list')!.textContent!;
    expect(list).toContain('2 files were not added');
    expect(list.match(/Failed/g)?.length).toBe(2);
    expect(stored().imagePaths).toEqual(PATHS);
    expect(bed.bucket.objects.size).toBe(3); // the two uploads were removed again
  });

  it('cancels one file of a running batch; the others are added', async () => {
    await render(['OPERATORS']);
    bed.bucket.hold = true;
    pick('add-input', [png('a.png'), png('b.png')]);
    await until(() => bed.bucket.active === 2);
    expect(el().querySelector('app-upload-list')!.textContent).toContain('Uploading 0 of 2');
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Cancel b.png"]' }))).click();
    bed.bucket.hold = false;
    bed.bucket.release();
    await until(() => stored().imagePaths.length === 4);
    await settle();
    expect(names().slice(3)).toEqual(['a.png']);
    expect(el().querySelector('app-upload-list')!.textContent).toContain('b.png');
    expect(el().querySelector('app-upload-list')!.textContent).toContain('Canceled');
  });

  it('removes an image after confirmation and deletes its file', async () => {
    await render(['OPERATORS']);
    await tileAction('two.png', 'deleteRemove');
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('its file is deleted from storage');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Remove image' }))).click();
    await until(() => stored().imagePaths.length === 2);
    await settle();
    expect(names()).toEqual(['one.png', 'three.png']);
    expect(bed.bucket.objects.has(PATHS[1]!)).toBeFalse();
    expect(overlayText()).toContain('Removed “two.png”.');
  });

  it('replaces an image in place', async () => {
    await render(['OPERATORS']);
    await tileAction('two.png', /Replace/);
    pick('replace-input', [png('new.png')]);
    await until(() => !stored().imagePaths.includes(PATHS[1]!));
    await settle();
    expect(names()).toEqual(['one.png', 'new.png', 'three.png']);
    expect(bed.bucket.objects.has(PATHS[1]!)).toBeFalse();
    expect(overlayText()).toContain('Replaced “two.png” with “new.png”.');
  });

  it('reorders with Alt+arrow keys and with the menu, and says where the image went', async () => {
    await render(['OPERATORS']);
    const first = el().querySelector<HTMLButtonElement>('#tile-0')!;
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true }));
    await until(() => stored().imagePaths[1] === PATHS[0]);
    await settle();
    expect(names()).toEqual(['two.png', 'one.png', 'three.png']);
    expect(text()).toContain('Moved “one.png” to position 2 of 3.');

    await tileAction('three.png', /Move earlier/);
    await until(() => stored().imagePaths[1] === PATHS[2]);
    expect(stored().imagePaths).toEqual([PATHS[1]!, PATHS[2]!, PATHS[0]!]);
  });

  it('writes nothing for a move to the same place, and puts the order back on a conflict', async () => {
    await render(['OPERATORS']);
    const before = bed.table.writes();
    el()
      .querySelector('#tile-0')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true }));
    await settle();
    expect(bed.table.writes()).toBe(before);

    // Someone else removed an image meanwhile; its realtime change is still on its way.
    bed.table.rows.set('al', {
      ...stored(),
      imagePaths: [PATHS[0]!, PATHS[2]!],
      updatedAt: '2026-06-01T00:00:00.000Z',
    });
    el()
      .querySelector('#tile-2')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', altKey: true }));
    await until(() => overlayText().includes('changed by someone else'));
    await settle();
    expect(overlayText()).toContain(
      '“Trip” was changed by someone else just before your change reached it, and their change was kept. ' +
        'The page now shows their change: try again if you still want to.',
    );
    expect(overlayText()).not.toContain('Reload');
    // As the message says: their change shows, with no reload and before its realtime change arrives.
    expect(names()).toEqual(['one.png', 'three.png']);
    expect(stored().imagePaths).toEqual([PATHS[0]!, PATHS[2]!]);
  });

  it('after a conflict the delete dialog shows the album as it is now, and a second Delete deletes that', async () => {
    await render(['ADMINS']);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete album/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('Also delete its 3 images');
    bed.table.change('al', [PATHS[0]!]);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).click();
    await settle();
    expect(await dialog.getText()).toContain(
      'was changed by someone else just before your change reached it, and their change was kept. Nothing was deleted. ' +
        'Look at the album as it is now and delete again if you still want to.',
    );
    expect(await dialog.getText()).toContain('Also delete its 1 image');
    expect(bed.table.rows.has('al')).toBeTrue();
    expect(bed.bucket.objects.size).toBe(3);

    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).click();
    await until(() => !bed.table.rows.has('al'));
    // Their change had already let go of the other two files: they stay, for the orphan report.
    await until(() => !bed.bucket.objects.has(PATHS[0]!));
    expect([...bed.bucket.objects.keys()].sort()).toEqual([PATHS[1]!, PATHS[2]!].sort());
    expect(overlayText()).toContain('and its files deleted.');
  });

  it('when someone else deleted the album first, the delete dialog says so and offers no Delete', async () => {
    await render(['ADMINS']);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete album/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    bed.table.rows.delete('al');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).click();
    await settle();
    expect(await dialog.getText()).toContain('no longer exists: someone deleted it.');
    expect(await dialog.getText()).not.toContain('Also delete');
    expect(await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete album' }))).isDisabled()).toBeTrue();
    expect(await dialog.getHarness(MatButtonHarness.with({ text: 'Close' }))).toBeTruthy();
  });

  it('shows a missing file as such, with the action to drop its reference', async () => {
    await render(['OPERATORS']);
    bed.bucket.objects.delete(PATHS[2]!);
    bed.table.change('al', [...PATHS]);
    bed.publish();
    await settle();
    // The page asked about the file before it went missing; a fresh page asks again.
    fixture.destroy();
    fixture = TestBed.createComponent(AlbumPage);
    fixture.componentRef.setInput('id', 'al');
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
    expect(el().querySelector('[data-testid=missing-file]')).not.toBeNull();
    expect(text()).toContain('1 missing');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Drop reference/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('which is not in storage');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Drop reference' }))).click();
    await until(() => stored().imagePaths.length === 2);
    expect(overlayText()).toContain('Reference dropped.');
  });

  it('opens the viewer at the clicked image; arrow keys move; download asks for the file', async () => {
    await render(['VIEWERS']);
    el().querySelector<HTMLButtonElement>('#tile-1')!.click();
    await settle();
    const dialog = await root.getHarness(MatDialogHarness);
    const position = () => document.querySelector('[data-testid=viewer-position]')!.textContent!.trim();
    expect(position()).toBe('2 of 3');
    const host = document.querySelector('app-album-viewer')!;
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle();
    expect(position()).toBe('3 of 3');
    expect(document.querySelector('[data-testid=viewer-name]')!.textContent).toContain('three.png');
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle();
    expect(position()).toBe('3 of 3');
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await settle();
    expect(position()).toBe('2 of 3');
    spyOn(HTMLAnchorElement.prototype, 'click');
    await (await dialog.getHarness(MatButtonHarness.with({ selector: '[aria-label="Download this image"]' }))).click();
    await settle();
    expect(bed.bucket.downloads).toEqual([PATHS[1]!]);
  });

  it('is read-only for viewers: no drop zone, no drag handles, no edit actions', async () => {
    await render(['VIEWERS']);
    expect(el().querySelector('app-album-drop')).toBeNull();
    expect(el().querySelector('[cdkDragHandle], .handle')).toBeNull();
    expect(text()).toContain('Read only');
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for one.png"]' }));
    await menu.open();
    const labels = await Promise.all((await menu.getItems()).map((i) => i.getText()));
    expect(labels).toEqual(['open_in_newView', 'downloadDownload']);
  });

  it('operators cannot delete the album; admins can', async () => {
    await render(['OPERATORS']);
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: /Delete album/ }))).isDisabled()).toBeTrue();
    TestBed.resetTestingModule();
    await render(['ADMINS']);
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: /Delete album/ }))).isDisabled()).toBeFalse();
  });

  it('reads its one album and follows its changes, never the whole list', async () => {
    await render(['VIEWERS']);
    expect(text()).toContain('Trip');
    expect(bed.table.calls.map((c) => `${c.op} ${String(c.input)}`)).toEqual(['get al']);
    expect(bed.table.observeCalls).toBe(0);
    bed.table.replace('al', { name: 'Trip (renamed elsewhere)' });
    await settle();
    expect(el().querySelector('h1')!.textContent).toBe('Trip (renamed elsewhere)');
    expect(bed.table.calls.filter((c) => c.op === 'list')).toEqual([]);
  });

  it('says so when someone else deletes the album while its page is open', async () => {
    await render(['OPERATORS']);
    bed.table.rows.delete(album.id);
    bed.table.feed.next({ type: 'delete', record: album });
    await settle();
    expect(el().querySelector('[data-testid=not-found]')!.textContent).toContain('Someone may have deleted it.');
  });
});
