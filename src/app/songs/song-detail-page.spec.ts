import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatProgressSpinnerHarness } from '@angular/material/progress-spinner/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import axe from 'axe-core';
import { NEVER } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { permissionGuard } from '../core/auth/role-guard';
import { aSong } from '../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../testing/songs-testbed';
import type { Song } from './song';
import { SONG_ROUTES } from './songs.routes';

@Component({ template: '<h1>Not allowed</h1>' })
class NotAllowed {}

describe('Song routes', () => {
  let bed: SongsTestBed;
  let router: RouterTestingHarness;
  let loader: HarnessLoader;

  async function visit(groups: string[], url: string, songs: Song[] = []): Promise<string> {
    bed = await setUpSongs(groups, [
      { path: 'songs', canActivate: [permissionGuard('browse')], children: SONG_ROUTES },
      { path: 'not-allowed', component: NotAllowed },
    ]);
    bed.songs.getAnswer = (id) => songs.find((s) => s.id === id) ?? null;
    bed.songs.lists.next({ items: songs, synced: true });
    for (const s of songs) bed.engine.store(s, 52_000, 'image/jpeg');
    router = await RouterTestingHarness.create();
    await router.navigateByUrl(url);
    loader = TestbedHarnessEnvironment.loader(router.fixture);
    await router.fixture.whenStable();
    return (router.routeNativeElement?.textContent ?? '').replace(/\s+/g, ' ');
  }

  const buttons = async () => Promise.all((await loader.getAllHarnesses(MatButtonHarness)).map((b) => b.getText()));

  describe('detail page', () => {
    const naima = aSong('Naima', 'naima-cover.jpg');

    it('shows the full-size cover, the file metadata and a download', async () => {
      const text = await visit(['VIEWERS'], `/songs/${naima.id}`, [naima]);
      expect(text).toContain('Naima');
      const img = router.routeNativeElement!.querySelector<HTMLImageElement>('app-song-cover img');
      expect(img?.alt).toBe('Naima');
      const terms = [...router.routeNativeElement!.querySelectorAll('dt')].map((dt) => [
        dt.textContent!.trim(),
        dt.nextElementSibling!.textContent!.trim(),
      ]);
      expect(Object.fromEntries(terms)).toEqual(
        jasmine.objectContaining({
          File: 'naima-cover.jpg',
          Key: naima.coverArtPath!,
          Size: '51 KB',
          Type: 'image/jpeg',
          'Last modified': jasmine.stringMatching(/^Nov 2, 2026/),
        }),
      );
      await (await loader.getHarness(MatButtonHarness.with({ text: /Download/ }))).click();
      expect(bed.engine.downloads).toEqual([naima.coverArtPath!]);
      const bar = await TestbedHarnessEnvironment.documentRootLoader(router.fixture).getHarness(MatSnackBarHarness);
      expect(await bar.getMessage()).toBe('Download of naima-cover.jpg started');
    });

    it('gives a viewer no edit actions', async () => {
      await visit(['VIEWERS'], `/songs/${naima.id}`, [naima]);
      expect(await buttons()).toEqual(['arrow_back All songs', 'download Download']);
    });

    it('lets an operator rename from the page', async () => {
      await visit(['OPERATORS'], `/songs/${naima.id}`, [naima]);
      await (await loader.getHarness(MatButtonHarness.with({ text: /Rename/ }))).click();
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(router.fixture).getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Rename “Naima”');
      await dialog.close();
    });

    it('lets an operator replace and detach, and disables delete with the reason', async () => {
      await visit(['OPERATORS'], `/songs/${naima.id}`, [naima]);
      const remove = await loader.getHarness(MatButtonHarness.with({ text: /Delete song/ }));
      expect(await remove.isDisabled()).toBeTrue();
      const tooltip = await loader.getHarness(MatTooltipHarness);
      await tooltip.show();
      expect(await tooltip.getTooltipText()).toBe('Only admins can delete songs');
      await (await loader.getHarness(MatButtonHarness.with({ text: /Replace cover/ }))).click();
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(router.fixture).getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Replace the cover');

      await dialog.close();
    });

    it('reads its one song and follows its changes, never the whole list', async () => {
      const text = await visit(['VIEWERS'], `/songs/${naima.id}`, [naima]);
      expect(text).toContain('Naima');
      expect(bed.songs.reads).toEqual([naima.id]);
      expect(bed.songs.listCalls).toBe(0);
      expect(bed.songs.feed.observed).toBeTrue();
    });

    it('follows the song’s changes: another operator’s rename and cover change show without reload or spinner', async () => {
      await visit(['OPERATORS'], `/songs/${naima.id}`, [naima]);
      const shown: string[] = [];
      const observer = new MutationObserver(() => {
        shown.push(router.routeNativeElement?.querySelector('mat-spinner') ? 'spinner' : 'song');
      });
      observer.observe(router.routeNativeElement!, { childList: true, subtree: true });
      const replaced = { ...naima, name: 'Naima (live)', coverArtPath: 'images/x/new-cover.png' };
      bed.engine.store(replaced, 1024, 'image/png');
      bed.songs.feed.next({ type: 'update', record: { ...aSong('Solar'), name: 'Not this one' } });
      bed.songs.feed.next({ type: 'update', record: replaced });
      await router.fixture.whenStable();
      observer.disconnect();
      expect(router.routeNativeElement?.querySelector('h1')?.textContent).toBe('Naima (live)');
      expect(router.routeNativeElement?.querySelector('[data-testid=cover-key]')?.textContent).toBe(
        'images/x/new-cover.png',
      );
      expect(shown).not.toContain('spinner');
    });

    it('says the song was deleted by someone else when its delete arrives', async () => {
      await visit(['OPERATORS'], `/songs/${naima.id}`, [naima]);
      bed.songs.feed.next({ type: 'delete', record: naima });
      await router.fixture.whenStable();
      const notFound = router.routeNativeElement?.querySelector('[data-testid=not-found]');
      expect(notFound?.textContent).toContain('This song was deleted by someone else.');
      expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Rename/ }))).toEqual([]);
    });

    it('names its loading spinner while neither the read nor a change has answered', async () => {
      bed = await setUpSongs(['VIEWERS'], [{ path: 'songs', children: SONG_ROUTES }]);
      bed.songs.get = () => NEVER;
      router = await RouterTestingHarness.create();
      await router.navigateByUrl(`/songs/${naima.id}`);
      loader = TestbedHarnessEnvironment.loader(router.fixture);
      const spinner = await loader.getHarness(MatProgressSpinnerHarness);
      expect(await (await spinner.host()).getAttribute('aria-label')).toBe('Loading the song');
      const result = await axe.run(router.routeNativeElement!, { runOnly: ['aria-progressbar-name'] });
      expect(result.violations).toEqual([]);
    });

    it('says so when the file is missing from storage', async () => {
      const dangling = aSong('Take Five');
      bed = undefined as unknown as SongsTestBed;
      const text = await visit(['ADMINS'], `/songs/${dangling.id}`, []);
      expect(text).toContain('This song does not exist (any more)');
      bed.songs.getAnswer = () => dangling;
      bed.engine.files.clear();
      const signed = spyOn(bed.engine, 'signedUrl').and.callThrough();
      await router.navigateByUrl('/songs');
      await router.navigateByUrl(`/songs/${dangling.id}`);
      await router.fixture.whenStable();
      const again = (router.routeNativeElement?.textContent ?? '').replace(/\s+/g, ' ');
      expect(again).toContain('Missing file: the song points at a file that is not in storage.');
      expect(signed).not.toHaveBeenCalled(); // storage said the file is missing: no image request to fail
      expect(await (await loader.getHarness(MatButtonHarness.with({ text: /Download/ }))).isDisabled()).toBeTrue();
    });

    it('shows a load failure with a retry', async () => {
      bed = undefined as unknown as SongsTestBed;
      await visit(['VIEWERS'], `/songs/x`, []);
      bed.songs.getAnswer = () => new AttachmentError('unavailable', 'The backend cannot be reached.');
      await router.navigateByUrl('/songs/y');
      await router.fixture.whenStable();
      expect(router.routeNativeElement?.textContent).toContain(
        'The song could not be loaded. The backend cannot be reached.',
      );
      bed.songs.getAnswer = () => naima;
      await (await loader.getHarness(MatButtonHarness.with({ text: /Try again/ }))).click();
      expect(router.routeNativeElement?.textContent).toContain('Naima');
    });
  });

  describe('songs/new', () => {
    it('is refused to a viewer', async () => {
      await visit(['VIEWERS'], '/songs/new');
      expect(TestBed.inject(Router).url).toBe('/not-allowed');
    });

    it('opens the create dialog over the table for an operator', async () => {
      await visit(['OPERATORS'], '/songs/new');
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(router.fixture).getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('New song');
      await dialog.close();
      await router.fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/songs');
    });
  });
});
