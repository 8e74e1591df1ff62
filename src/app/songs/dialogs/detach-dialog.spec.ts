import type { HarnessLoader } from '@angular/cdk/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import { dialogLoader, overlayText } from '../../../testing/dialog-testing';
import { aSong } from '../../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../../testing/songs-testbed';
import type { Song } from '../song';
import { SongActions } from '../song-actions';
import type { DetachResult } from './detach-dialog';
import { type FilesKept, withKept } from '../../attachments/kept-files';
import { fileNameOf } from '../../shared/format/file-format';

describe('DetachDialog', () => {
  let bed: SongsTestBed;
  let loader: HarnessLoader;
  let fixture: ComponentFixture<unknown>;
  let result: DetachResult | null | undefined;
  const naima = aSong('Naima', 'cover.png');

  async function open(groups: string[], song = naima, stored = true): Promise<void> {
    bed = await setUpSongs(groups);
    if (stored) bed.engine.store(song);
    ({ fixture, loader } = dialogLoader());
    TestBed.inject(SongActions)
      .detach(song)
      .subscribe((r) => (result = r));
    await fixture.whenStable();
  }

  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const choices = () => loader.getHarness(MatRadioGroupHarness);

  beforeEach(() => (result = undefined));

  it('explains the three ways in plain words and keeps the file by default', async () => {
    await open(['ADMINS']);
    const text = overlayText();
    expect(text).toContain('Naima shows the cover cover.png');
    expect(text).toContain('The file stays in storage');
    expect(text).toContain('The song stays, without a cover. The file is deleted from storage for good.');
    expect(text).toContain('Both are deleted for good');
    expect(await (await choices()).getCheckedValue()).toBe('keep-file');
    expect(text).not.toContain('already missing');

    await (await button('Detach, keep the file')).click();
    const call = bed.songs.last<Song>('detach');
    expect(call.args).toEqual([naima, 'keep-file']);
    const updated = { ...naima, coverArtPath: null };
    call.subject.next(updated);
    await fixture.whenStable();
    expect(result).toEqual({ kind: 'detached', song: updated });
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Cover detached from “Naima”; the file is kept',
    );
  });

  it('says when the file is already missing, so only the broken reference goes', async () => {
    await open(['OPERATORS'], naima, false);
    expect(overlayText()).toContain('The file is already missing from storage: detaching clears the broken reference');
  });

  it('detaches and deletes the file', async () => {
    await open(['OPERATORS']);
    await (await choices()).checkRadioButton({ label: /Detach and delete the file/ });
    await (await button('Detach and delete the file')).click();
    const call = bed.songs.last<Song>('detach');
    expect(call.args).toEqual([naima, 'delete-file']);
    call.subject.next({ ...naima, coverArtPath: null });
    await fixture.whenStable();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Cover detached from “Naima” and deleted',
    );
  });

  it('says the file was kept when another record still uses it', async () => {
    await open(['OPERATORS']);
    await (await choices()).checkRadioButton({ label: /Detach and delete the file/ });
    await (await button('Detach and delete the file')).click();
    const usedBy = { model: 'Song', field: 'coverArtPath', id: 's2', name: 'Blue', paths: [] };
    const detached = withKept({ ...naima, coverArtPath: null }, [{ path: naima.coverArtPath!, usedBy }]);
    bed.songs.last<Song>('detach').subject.next(detached);
    await fixture.whenStable();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      `Cover detached from “Naima”. 1 cover file of “Naima” was kept: “${fileNameOf(naima.coverArtPath)}” is also used by song “Blue” (Song.coverArtPath).`,
    );
  });

  it('lets an admin delete the song with its file', async () => {
    await open(['ADMINS']);
    await (await choices()).checkRadioButton({ label: /Delete the song and the file/ });
    await (await button('Delete song and file')).click();
    const call = bed.songs.last<FilesKept>('delete');
    expect(call.args).toEqual([naima, 'delete-file']);
    call.subject.next({ kept: [] });
    await fixture.whenStable();
    expect(result).toEqual({ kind: 'deleted' });
  });

  it('shows an operator the third way disabled, saying only admins may', async () => {
    await open(['OPERATORS']);
    const [, , remove] = await (await choices()).getRadioButtons();
    expect(await remove!.isDisabled()).toBeTrue();
    expect(overlayText()).toContain('Only admins can delete songs.');
  });

  it('on a conflict explains, and reload shows the song has no cover any more', async () => {
    await open(['OPERATORS']);
    bed.songs.getAnswer = () => ({ ...naima, coverArtPath: null, updatedAt: '2026-12-01T00:00:00Z' });
    await (await button('Detach, keep the file')).click();
    bed.songs.last<Song>('detach').subject.error(new AttachmentError('conflict', 'Someone else changed this song.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('Changed by someone else');
    await (await button(/Reload song/)).click();
    expect(overlayText()).toContain('Naima has no cover now: there is nothing to detach.');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Detach,/ }))).toEqual([]);
  });

  it('says when reloading finds the song deleted', async () => {
    await open(['OPERATORS']);
    bed.songs.getAnswer = () => null;
    await (await button('Detach, keep the file')).click();
    bed.songs.last<Song>('detach').subject.error(new AttachmentError('conflict', 'Someone else changed this song.'));
    await fixture.whenStable();
    await (await button(/Reload song/)).click();
    expect(overlayText()).toContain('This song was deleted by someone else.');
  });
});
