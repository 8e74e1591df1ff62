import type { HarnessLoader } from '@angular/cdk/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import { dialogLoader, overlayText } from '../../../testing/dialog-testing';
import { aSong } from '../../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../../testing/songs-testbed';
import type { Song } from '../song';
import { SongActions } from '../song-actions';
import type { FilesKept } from '../../attachments/kept-files';

describe('DeleteDialog', () => {
  let bed: SongsTestBed;
  let loader: HarnessLoader;
  let fixture: ComponentFixture<unknown>;
  let result: boolean | undefined;

  async function open(song: Song, stored = true): Promise<void> {
    bed = await setUpSongs(['ADMINS']);
    if (stored) bed.engine.store(song, 3 * 1024 * 1024);
    ({ fixture, loader } = dialogLoader());
    result = undefined;
    TestBed.inject(SongActions)
      .delete(song)
      .subscribe((r) => (result = r));
    await fixture.whenStable();
  }

  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const losses = () =>
    (document.querySelector('.cdk-overlay-container [data-testid=delete-losses]')?.textContent ?? '').replace(
      /\s+/g,
      ' ',
    );

  it('names what will be lost: the song and its cover file with its size', async () => {
    const naima = aSong('Naima', 'cover.png');
    await open(naima);
    expect(await (await loader.getHarness(MatDialogHarness)).getTitleText()).toBe('Delete “Naima”?');
    expect(losses()).toContain('the song Naima (created 2026-11-01)');
    expect(losses()).toContain('its cover file cover.png (3 MB)');

    await (await button('Delete song')).click();
    const call = bed.songs.last<FilesKept>('delete');
    expect(call.args).toEqual([naima, 'delete-file']);
    call.subject.next({ kept: [] });
    await fixture.whenStable();
    expect(result).toBeTrue();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Song “Naima” and its cover deleted');
  });

  it('says the cover was kept, and why, when another record still uses it', async () => {
    const naima = aSong('Naima', 'cover.png');
    await open(naima);
    await (await button('Delete song')).click();
    const usedBy = { model: 'PhotoAlbum', field: 'imagePaths', id: 'a1', name: 'Summer', paths: [] };
    bed.songs.last<FilesKept>('delete').subject.next({ kept: [{ path: naima.coverArtPath!, usedBy }] });
    await fixture.whenStable();
    expect(result).toBeTrue();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Song “Naima” deleted. 1 cover file of “Naima” was kept: “cover.png” is also used by photo album “Summer” (PhotoAlbum.imagePaths).',
    );
  });

  it('keeps the file when asked, and no longer lists it as lost', async () => {
    const naima = aSong('Naima', 'cover.png');
    await open(naima);
    await (await loader.getHarness(MatCheckboxHarness)).uncheck();
    expect(losses()).not.toContain('cover.png');
    expect(overlayText()).toContain('The file stays in storage');
    await (await button('Delete song')).click();
    expect(bed.songs.last<void>('delete').args).toEqual([naima, 'keep-file']);
  });

  it('says when the cover is already missing, and for a song without one that no file goes', async () => {
    await open(aSong('Take Five'), false);
    expect(losses()).toContain('(already missing from storage)');
  });

  it('for a song without a cover', async () => {
    await open(aSong('Solar', null));
    expect(overlayText()).toContain('It has no cover, so no file is deleted.');
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
  });

  it('shows the backend refusal and keeps the dialog open', async () => {
    await open(aSong('Naima'));
    await (await button('Delete song')).click();
    bed.songs.last<void>('delete').subject.error(new AttachmentError('forbidden', 'Only admins may delete songs.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('Only admins may delete songs.');
    expect(overlayText()).toContain('Nothing was changed.');
    expect(result).toBeUndefined();
    await (await button('Keep the song')).click();
    await fixture.whenStable();
    expect(result).toBeFalse();
  });
});
