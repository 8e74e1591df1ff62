import type { HarnessLoader } from '@angular/cdk/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import type { Transfer } from '../../attachments/transfer';
import { chooseFile, dialogLoader, overlayText } from '../../../testing/dialog-testing';
import { aFile, aSong } from '../../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../../testing/songs-testbed';
import type { Song } from '../song';
import { SongActions } from '../song-actions';

describe('CoverDialog', () => {
  let bed: SongsTestBed;
  let loader: HarnessLoader;
  let fixture: ComponentFixture<unknown>;
  let result: Song | null | undefined;

  async function open(song: Song): Promise<void> {
    ({ fixture, loader } = dialogLoader());
    result = undefined;
    TestBed.inject(SongActions)
      .setCover(song)
      .subscribe((s) => (result = s));
    await fixture.whenStable();
  }

  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));

  beforeEach(async () => {
    bed = await setUpSongs(['OPERATORS']);
  });

  it('attaches a cover to a song without one', async () => {
    const solar = aSong('Solar', null);
    await open(solar);
    const dialog = await loader.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Attach a cover');
    expect(await (await button('Attach cover')).isDisabled()).toBeTrue();

    chooseFile(aFile('solar.png'));
    await (await button('Attach cover')).click();
    const call = bed.songs.last<Transfer<Song>>('setCover');
    expect(call.args[0]).toBe(solar);
    expect((call.args[1] as File).name).toBe('solar.png');
    call.subject.next({ type: 'progress', sent: 2048, total: 2048 });
    await fixture.whenStable();
    expect(await (await loader.getHarness(MatProgressBarHarness)).getValue()).toBe(100);

    const updated = { ...solar, coverArtPath: `images/${solar.id}/x-solar.png` };
    call.subject.next({ type: 'done', value: updated });
    await fixture.whenStable();
    expect(result).toEqual(updated);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Cover attached to “Solar”');
  });

  it('shows a current cover missing from storage as missing, without requesting its image', async () => {
    const dangling = aSong('Take Five');
    const signed = spyOn(bed.engine, 'signedUrl').and.callThrough();
    await open(dangling);
    const current = document.querySelector('.cdk-overlay-container app-song-cover [role=img]');
    expect(current?.getAttribute('aria-label')).toBe('Cover file missing for Take Five');
    expect(signed).not.toHaveBeenCalled();
  });

  it('shows a current cover that is in storage', async () => {
    const naima = aSong('Naima');
    bed.engine.store(naima);
    const signed = spyOn(bed.engine, 'signedUrl').and.callThrough();
    await open(naima);
    expect(document.querySelector('.cdk-overlay-container app-song-cover img')?.getAttribute('alt')).toBe('Naima');
    expect(signed.calls.allArgs()).toEqual([[naima.coverArtPath!]]);
  });

  it('replaces a cover with a file of the same name', async () => {
    const naima = aSong('Naima', 'cover.png');
    await open(naima);
    expect(await (await loader.getHarness(MatDialogHarness)).getTitleText()).toBe('Replace the cover');
    expect(overlayText()).toContain('Now: cover.png');
    chooseFile(aFile('cover.png'));
    await (await button('Replace cover')).click();
    bed.songs.last<Transfer<Song>>('setCover').subject.next({ type: 'done', value: naima });
    await fixture.whenStable();
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Cover of “Naima” replaced');
  });

  it('on a conflict says what happened, reloads the song and lets the operator try again', async () => {
    const naima = aSong('Naima');
    const fresh = {
      ...naima,
      coverArtPath: `images/${naima.id}/11111111-2222-4333-8444-555555555555-theirs.png`,
      updatedAt: '2026-11-30T00:00:00Z',
    };
    bed.songs.getAnswer = (id) => (id === naima.id ? fresh : null);
    await open(naima);
    chooseFile(aFile('mine.png'));
    await (await button('Replace cover')).click();
    bed.songs
      .last<Transfer<Song>>('setCover')
      .subject.error(new AttachmentError('conflict', 'Someone else changed this song’s cover a moment ago.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('Changed by someone else');
    expect(overlayText()).toContain('Someone else changed this song’s cover a moment ago.');
    expect(result).toBeUndefined();

    await (await button(/Reload song/)).click();
    expect(overlayText()).toContain('Now: theirs.png');
    expect(overlayText()).toContain('Reloaded: this is the song as it is now.');
    await (await button('Replace cover')).click();
    expect(bed.songs.last<Transfer<Song>>('setCover').args[0]).toEqual(fresh);
  });

  it('says so when the song was deleted by someone else while the dialog was open', async () => {
    const naima = aSong('Naima');
    await open(naima);
    chooseFile(aFile('n.png'));
    await (await button('Replace cover')).click();
    bed.songs
      .last<Transfer<Song>>('setCover')
      .subject.error(new AttachmentError('not-found', 'This song no longer exists: someone deleted it.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('No longer there');
    expect(overlayText()).toContain('This song no longer exists: someone deleted it.');
  });

  it('cancels an upload in flight, and Escape is ignored while it runs', async () => {
    await open(aSong('Naima'));
    chooseFile(aFile('n.png'));
    await (await button('Replace cover')).click();
    const call = bed.songs.last<Transfer<Song>>('setCover');
    call.subject.next({ type: 'progress', sent: 1, total: 2048 });
    await fixture.whenStable();
    document.querySelector('mat-dialog-container')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(await loader.getAllHarnesses(MatDialogHarness)).not.toEqual([]);

    await (await button('Cancel upload')).click();
    expect(call.unsubscribed).toBeTrue();
    expect(overlayText()).toContain('Upload canceled. The song is unchanged.');
    expect(await (await button('Replace cover')).isDisabled()).toBeFalse();
  });

  it('shows the engine’s reason for a file it refuses', async () => {
    await open(aSong('Naima'));
    chooseFile(aFile('vector.svg', 'image/svg+xml'));
    await fixture.whenStable();
    expect(overlayText()).toContain('“vector.svg” is not a PNG, JPEG or WebP image.');
    expect(await (await button('Replace cover')).isDisabled()).toBeTrue();
  });

  it('shows a refusal by the backend (role changed mid-session)', async () => {
    await open(aSong('Naima'));
    chooseFile(aFile('n.png'));
    await (await button('Replace cover')).click();
    bed.songs
      .last<Transfer<Song>>('setCover')
      .subject.error(new AttachmentError('forbidden', 'Your role no longer allows changing covers.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('Not allowed');
    expect(overlayText()).toContain('Your role no longer allows changing covers.');
    expect(overlayText()).toContain('Nothing was changed.');
  });
});
