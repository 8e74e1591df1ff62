import { type HarnessLoader, manualChangeDetection } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PhotoAlbum } from './album';
import { AlbumPage } from './album-page';
import { leaveAlbumGuard } from './leave-album-guard';
import { type AlbumsTestBed, setUpAlbums } from './testing/albums-testbed';
import { png } from './testing/fake-album-backend';

@Component({ template: '<h1>Songs</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class SongsStub {}

@Component({ template: '<h1>Overview</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class OverviewStub {}

const PATH = 'images/al/00000000-1111-4222-8333-444444444444-old.png';

describe('leaveAlbumGuard', () => {
  let bed: AlbumsTestBed;
  let harness: RouterTestingHarness;
  let root: HarnessLoader;
  let router: Router;

  beforeEach(async () => {
    bed = await setUpAlbums(
      ['OPERATORS'],
      [
        { path: 'albums/:id', component: AlbumPage, canDeactivate: [leaveAlbumGuard] },
        { path: 'songs', component: SongsStub },
        { path: 'overview', component: OverviewStub },
      ],
    );
    bed.bucket.put(PATH);
    bed.table.seed('Summer', [PATH], 'al');
    bed.publish();
    harness = await RouterTestingHarness.create('/albums/al');
    root = TestbedHarnessEnvironment.documentRootLoader(harness.fixture);
    router = TestBed.inject(Router);
    await settle();
  });

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  // A navigation waiting on the guard is a pending task: whenStable would wait for the dialog.
  async function settle(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (!router.currentNavigation()) await harness.fixture.whenStable();
    }
  }

  /** Works in the dialog while the navigation waits on it (the harnesses must not wait for stability). */
  const inDialog = (work: (dialog: MatDialogHarness) => Promise<void>) =>
    manualChangeDetection(async () => {
      await work(await root.getHarness(MatDialogHarness));
      await settle();
    });

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; !check(); i++) {
      if (i > 100) throw new Error('timed out');
      await settle();
    }
  }

  const page = () => harness.routeNativeElement!;
  const heading = () => page().querySelector('h1')?.textContent?.trim();
  const stored = (): PhotoAlbum => bed.table.rows.get('al')!;
  const squash = (text: string) => text.replace(/\s+/g, ' ');
  const dialogs = () => root.getAllHarnesses(MatDialogHarness);
  const button = async (dialog: MatDialogHarness, text: string) => dialog.getHarness(MatButtonHarness.with({ text }));

  function pick(files: File[]): void {
    const input = page().querySelector<HTMLInputElement>('[data-testid=add-input]')!;
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
  }

  /** Starts an add of `n` images whose uploads wait until released. */
  async function uploading(n: number): Promise<void> {
    bed.bucket.hold = true;
    pick(Array.from({ length: n }, (_, i) => png(`new-${i + 1}.png`)));
    await until(() => bed.bucket.active === Math.min(n, 3));
  }

  /** Clicks the Songs link, as it were: the navigation waits on the guard. */
  async function goToSongs(): Promise<{ done: Promise<boolean> }> {
    const done = router.navigateByUrl('/songs');
    await settle();
    return { done };
  }

  it('asks nothing when no batch runs', async () => {
    expect(heading()).toBe('Summer');
    expect(await router.navigateByUrl('/songs')).toBeTrue();
    await settle();
    expect(heading()).toBe('Songs');
    expect(await dialogs()).toEqual([]);
  });

  it('while images upload, names them; Stay (focused first) keeps the batch, which then adds them', async () => {
    await uploading(3);
    const { done: navigation } = await goToSongs();
    await inDialog(async (dialog) => {
      expect(await dialog.getTitleText()).toBe('Leave while images upload?');
      expect(squash(await dialog.getText())).toContain(
        '3 images are still uploading to “Summer”. Leave and cancel them?',
      );
      const stay = await button(dialog, 'Stay');
      expect(await stay.isFocused()).toBeTrue();
      expect(await button(dialog, 'Leave and cancel')).toBeTruthy();
      await stay.click();
    });
    expect(await navigation).toBeFalse();
    await settle();
    expect(heading()).toBe('Summer');
    expect(await dialogs()).toEqual([]);
    expect(bed.bucket.canceled).toEqual([]);
    expect(page().querySelector('app-upload-list')!.textContent).toContain('Uploading 0 of 3');

    bed.bucket.hold = false;
    bed.bucket.release();
    await until(() => stored().imagePaths.length === 4);
    await settle();
    expect(page().querySelectorAll('[data-testid=tile]').length).toBe(4);

    // Nothing runs any more: leaving asks nothing.
    expect(await router.navigateByUrl('/songs')).toBeTrue();
    await settle();
    expect(heading()).toBe('Songs');
    expect(await dialogs()).toEqual([]);
  });

  it('Leave and cancel aborts the uploads, deletes the one already stored and adds nothing', async () => {
    await uploading(4);
    bed.bucket.release(1); // the first is stored; the fourth starts
    await until(() => bed.bucket.objects.size === 2 && bed.bucket.active === 3);
    const writes = bed.table.writes();

    const { done: navigation } = await goToSongs();
    await inDialog(async (dialog) => {
      expect(squash(await dialog.getText())).toContain('4 images are still uploading to “Summer”.');
      await (await button(dialog, 'Leave and cancel')).click();
    });
    expect(await navigation).toBeTrue();
    await settle();

    expect(heading()).toBe('Songs');
    expect(await dialogs()).toEqual([]);
    expect(bed.bucket.canceled.length).toBe(3);
    expect(bed.bucket.active).toBe(0);
    await until(() => bed.bucket.objects.size === 1);
    expect([...bed.bucket.objects.keys()]).toEqual([PATH]);
    expect(bed.table.writes()).toBe(writes);
    expect(stored().imagePaths).toEqual([PATH]);
  });

  it('says so when the batch finishes while it is open; Leave then goes without asking again', async () => {
    await uploading(2);
    const { done: navigation } = await goToSongs();
    await inDialog(async (dialog) => {
      bed.bucket.hold = false;
      bed.bucket.release();
      await until(() => stored().imagePaths.length === 3);
      await settle();
      expect(await dialog.getTitleText()).toBe('Leave this album?');
      expect(squash(await dialog.getText())).toContain(
        'The upload to “Summer” has finished: nothing is lost by leaving.',
      );
      expect(await dialog.getAllHarnesses(MatButtonHarness.with({ text: 'Leave and cancel' }))).toEqual([]);
      await (await button(dialog, 'Leave')).click();
    });
    expect(await navigation).toBeTrue();
    await settle();
    expect(heading()).toBe('Songs');
    expect(await dialogs()).toEqual([]);
    expect(bed.bucket.canceled).toEqual([]);
    expect(stored().imagePaths.length).toBe(3);
  });

  it('asks once at a time: a newer navigation while it asks replaces the question', async () => {
    await uploading(1);
    const { done: first } = await goToSongs();
    const second = router.navigateByUrl('/overview');
    expect(await first).toBeFalse();
    await settle();
    await inDialog(async () => {
      expect((await dialogs()).length).toBe(1);
      const [dialog] = await dialogs();
      expect(squash(await dialog!.getText())).toContain('1 image is still uploading to “Summer”. Leave and cancel it?');
      await (await button(dialog!, 'Leave and cancel')).click();
    });
    expect(await second).toBeTrue();
    await settle();
    expect(heading()).toBe('Overview');
    expect(await dialogs()).toEqual([]);
    expect(bed.bucket.canceled.length).toBe(1);
  });

  it('once the uploads are done and the write is sent, leaving waits for it instead of half-cancelling', async () => {
    let send: (() => void) | undefined;
    const update = bed.table.update.bind(bed.table);
    bed.table.update = (input, expect) =>
      new Promise<void>((resolve) => (send = resolve)).then(() => update(input, expect));
    pick([png('a.png'), png('b.png')]);
    await until(() => !!send);

    const { done: navigation } = await goToSongs();
    await inDialog(async (dialog) => {
      expect(squash(await dialog.getText())).toContain('2 images have uploaded and are being saved to “Summer”.');
      await (await button(dialog, 'Leave and cancel')).click();
      await settle();
      expect(squash(await dialog.getText())).toContain('Saving the uploaded images to “Summer”…');
      expect(await (await button(dialog, 'Stay')).isDisabled()).toBeTrue();
      expect(heading()).toBe('Summer');
      send!();
    });
    expect(await navigation).toBeTrue();
    await settle();
    expect(heading()).toBe('Songs');
    expect(stored().imagePaths.length).toBe(3);
    expect(stored().imagePaths.every((p) => bed.bucket.objects.has(p))).toBeTrue();
  });
});
