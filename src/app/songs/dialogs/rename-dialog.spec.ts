import type { HarnessLoader } from '@angular/cdk/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import { dialogLoader, overlayText } from '../../../testing/dialog-testing';
import { aSong } from '../../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../../testing/songs-testbed';
import type { Song } from '../song';
import { SongActions } from '../song-actions';

describe('RenameDialog', () => {
  let bed: SongsTestBed;
  let loader: HarnessLoader;
  let fixture: ComponentFixture<unknown>;
  let result: Song | null | undefined;
  const naima = aSong('Naima', 'cover.png');

  beforeEach(async () => {
    bed = await setUpSongs(['OPERATORS']);
    ({ fixture, loader } = dialogLoader());
    result = undefined;
    TestBed.inject(SongActions)
      .rename(naima)
      .subscribe((s) => (result = s));
    await fixture.whenStable();
  });

  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const title = () => loader.getHarness(MatInputHarness);

  it('starts from the current title and waits for a change before it can save', async () => {
    expect(await (await loader.getHarness(MatDialogHarness)).getTitleText()).toBe('Rename “Naima”');
    expect(await (await title()).getValue()).toBe('Naima');
    expect(await (await button('Save')).isDisabled()).toBeTrue();
    await (await title()).setValue('  Naima  ');
    expect(await (await button('Save')).isDisabled()).toBeTrue();
  });

  it('renames, closes with the renamed song and says so', async () => {
    await (await title()).setValue('  Naima (live)  ');
    await (await button('Save')).click();
    const call = bed.songs.last<Song>('rename');
    expect(call.args).toEqual([naima, 'Naima (live)']);
    expect(await (await button('Saving…')).isDisabled()).toBeTrue();

    const renamed = { ...naima, name: 'Naima (live)' };
    call.subject.next(renamed);
    call.subject.complete();
    await fixture.whenStable();
    expect(result).toEqual(renamed);
    expect(await loader.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Song “Naima” renamed to “Naima (live)”',
    );
  });

  it('refuses a title the service would refuse, with the same words, and writes nothing', async () => {
    await (await title()).setValue('   ');
    await (await button('Save')).click();
    const field = await loader.getHarness(MatFormFieldHarness);
    expect(await field.getTextErrors()).toEqual(['Give the song a title.']);
    await (await title()).setValue('x'.repeat(201));
    expect(await field.getTextErrors()).toEqual(['A title can be at most 200 characters; this one has 201.']);
    expect(bed.songs.calls.filter((c) => c.method === 'rename')).toEqual([]);
  });

  it('shows that the song was deleted meanwhile, keeps the dialog open, and cancels with nothing changed', async () => {
    await (await title()).setValue('Naima II');
    await (await button('Save')).click();
    bed.songs
      .last<Song>('rename')
      .subject.error(new AttachmentError('not-found', '“Naima” no longer exists: someone deleted it.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('No longer there');
    expect(overlayText()).toContain('“Naima” no longer exists: someone deleted it.');
    expect(overlayText()).toContain('Nothing was changed.');
    expect(result).toBeUndefined();
    await (await button('Cancel')).click();
    await fixture.whenStable();
    expect(result).toBeNull();
  });

  it('reports an unreachable backend so the shell shows its banner', async () => {
    const probes = bed.reachability.probes;
    await (await title()).setValue('Naima II');
    await (await button('Save')).click();
    bed.songs.last<Song>('rename').subject.error(new AttachmentError('unavailable', 'The backend cannot be reached.'));
    await fixture.whenStable();
    expect(overlayText()).toContain('The backend cannot be reached.');
    expect(bed.reachability.probes).toBe(probes + 1);
  });
});
