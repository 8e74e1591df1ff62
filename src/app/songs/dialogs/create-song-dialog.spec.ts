import type { HarnessLoader } from '@angular/cdk/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import type { Transfer } from '../../attachments/transfer';
import { chooseFile, dialogLoader, dropFile, overlayText } from '../../../testing/dialog-testing';
import { aFile, aSong } from '../../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../../testing/songs-testbed';
import type { Song } from '../song';
import { SongActions } from '../song-actions';

describe('CreateSongDialog', () => {
  let bed: SongsTestBed;
  let loader: HarnessLoader;
  let fixture: ComponentFixture<unknown>;
  let result: Song | null | undefined;

  beforeEach(async () => {
    bed = await setUpSongs(['OPERATORS']);
    ({ fixture, loader } = dialogLoader());
    result = undefined;
    TestBed.inject(SongActions)
      .create()
      .subscribe((song) => (result = song));
    await fixture.whenStable();
  });

  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const title = () => loader.getHarness(MatInputHarness);

  it('creates a song with a title only and says so', async () => {
    await (await title()).setValue('  Blue in Green  ');
    await (await button('Create song')).click();
    const call = bed.songs.last<Transfer<Song>>('create');
    expect(call.args).toEqual(['Blue in Green', undefined]);

    const song = aSong('Blue in Green', null);
    call.subject.next({ type: 'done', value: song });
    await fixture.whenStable();
    expect(result).toEqual(song);
    expect(await loader.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Song “Blue in Green” created');
  });

  it('uploads a dropped cover with a preview and a progress bar', async () => {
    await (await title()).setValue('Naima');
    dropFile(aFile('naima.png', 'image/png', 4096));
    await fixture.whenStable();
    expect(document.querySelector('.cdk-overlay-container img[alt="Preview of the chosen image"]')).not.toBeNull();
    expect(overlayText()).toContain('naima.png');
    expect(overlayText()).toContain('4 KB · image/png');

    await (await button('Create song')).click();
    const call = bed.songs.last<Transfer<Song>>('create');
    expect((call.args[1] as File).name).toBe('naima.png');
    call.subject.next({ type: 'progress', sent: 1024, total: 4096 });
    await fixture.whenStable();
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(await bar.getValue()).toBe(25);
    expect(overlayText()).toContain('Uploading the cover… 1 KB of 4 KB (25%)');
    expect(await (await button('Create song')).isDisabled()).toBeTrue();

    call.subject.next({ type: 'done', value: aSong('Naima') });
    await fixture.whenStable();
    expect(result?.name).toBe('Naima');
  });

  it('cancels the upload by unsubscribing, and stays open', async () => {
    await (await title()).setValue('Naima');
    chooseFile(aFile('naima.png'));
    await (await button('Create song')).click();
    const call = bed.songs.last<Transfer<Song>>('create');
    call.subject.next({ type: 'progress', sent: 10, total: 2048 });
    await (await button('Cancel')).click();
    expect(call.unsubscribed).toBeTrue();
    expect(overlayText()).toContain('Canceled while saving');
    expect(await loader.getAllHarnesses(MatDialogHarness)).not.toEqual([]);
  });

  for (const [what, typed, message] of [
    ['an empty title', '   ', 'Give the song a title.'],
    ['a 10,000-character title', 'x'.repeat(10_000), 'A title can be at most 200 characters; this one has 10,000.'],
  ] as const) {
    it(`refuses ${what} with a message and creates nothing`, async () => {
      await (await title()).setValue(typed);
      await (await button('Create song')).click();
      expect(overlayText()).toContain(message);
      expect(bed.songs.calls).toEqual([]);
    });
  }

  for (const [what, file, reason] of [
    ['a wrong type', aFile('notes.pdf', 'application/pdf'), 'is not a PNG, JPEG or WebP image'],
    ['an empty file', aFile('empty.png', 'image/png', 0), '“empty.png” is empty.'],
    ['a too large file', aFile('huge.png', 'image/png', 2 * 1024 * 1024), 'is larger than 1 MB'],
  ] as const) {
    it(`shows why ${what} cannot be the cover and does not send it`, async () => {
      await (await title()).setValue('Solar');
      chooseFile(file);
      await fixture.whenStable();
      expect(overlayText()).toContain(reason);
      expect(await (await button('Create song')).isDisabled()).toBeTrue();
      expect(bed.songs.calls).toEqual([]);
    });
  }

  it('shows a file name with slashes, emoji and 300 characters without breaking the dialog', async () => {
    const name = `../${'🎵'.repeat(2)}${'a'.repeat(300)}/x.png`;
    chooseFile(aFile(name));
    await fixture.whenStable();
    const shown = document.querySelector<HTMLElement>('.cdk-overlay-container .name');
    expect(shown?.title).toBe(name);
    const dialog = document.querySelector<HTMLElement>('.cdk-overlay-container mat-dialog-container')!;
    expect(dialog.scrollWidth).toBeLessThanOrEqual(dialog.clientWidth + 1);
  });

  it('shows what the backend refused and keeps what was typed', async () => {
    await (await title()).setValue('Oleo');
    await (await button('Create song')).click();
    bed.songs
      .last<Transfer<Song>>('create')
      .subject.error(new AttachmentError('forbidden', 'Your role may not create songs.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('Not allowed');
    expect(overlayText()).toContain('Your role may not create songs.');
    expect(overlayText()).toContain('Nothing was changed.');
    expect(await (await title()).getValue()).toBe('Oleo');
    expect(result).toBeUndefined();
  });

  it('shows the backend going away mid-upload', async () => {
    const probes = bed.reachability.probes;
    await (await title()).setValue('Oleo');
    chooseFile(aFile('oleo.png'));
    await (await button('Create song')).click();
    const call = bed.songs.last<Transfer<Song>>('create');
    call.subject.next({ type: 'progress', sent: 100, total: 2048 });
    call.subject.error(new AttachmentError('unavailable', 'The backend cannot be reached. Check your connection.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('The backend cannot be reached. Check your connection.');
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toEqual([]);
    expect(bed.reachability.probes).toBe(probes + 1); // the shell is told, so it shows its banner and retries
  });

  it('closes without creating anything', async () => {
    await (await button('Close')).click();
    await fixture.whenStable();
    expect(result).toBeNull();
    expect(bed.songs.calls).toEqual([]);
  });
});
