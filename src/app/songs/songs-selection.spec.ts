import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { aSong } from '../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../testing/songs-testbed';
import { JobRunner } from '../jobs/job-runner';
import type { Song } from './song';
import { SONG_BULK_CONCURRENCY } from './song-bulk';
import { SongsPage } from './songs-page';

describe('SongsPage selection and bulk actions', () => {
  let bed: SongsTestBed;
  let fixture: ComponentFixture<SongsPage>;
  let loader: HarnessLoader;
  let songs: Song[];

  async function render(groups: string[]): Promise<void> {
    bed = await setUpSongs(groups);
    // 30 songs, 3 without a cover; the table shows 25 a page, by title.
    songs = Array.from({ length: 30 }, (_, i) =>
      aSong(`Song ${String(i + 1).padStart(2, '0')}`, i % 10 === 9 ? null : 'c.png'),
    );
    // Listed in another order than the table shows: a selection is named and run in the table's order.
    bed.songs.lists.next({ items: [...songs].reverse(), synced: true });
    fixture = TestBed.createComponent(SongsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
  const row = (name: string) => loader.getHarness(MatCheckboxHarness.with({ label: `Select ${name}` }));
  const selected = () =>
    (fixture.nativeElement as HTMLElement).querySelector('[data-testid=selected-count]')?.textContent?.trim();
  const button = (text: RegExp) => loader.getHarness(MatButtonHarness.with({ text }));

  /** A click with Shift held on a row's checkbox (harnesses click without modifiers). */
  async function shiftClick(name: string): Promise<void> {
    const cell = [...(fixture.nativeElement as HTMLElement).querySelectorAll('td mat-checkbox')].find(
      (c) => c.textContent?.trim() === `Select ${name}`,
    )!;
    const input = cell.querySelector('input')!;
    input.dispatchEvent(new MouseEvent('mousedown', { shiftKey: true, bubbles: true }));
    input.dispatchEvent(new MouseEvent('click', { shiftKey: true, bubbles: true, cancelable: true }));
    await fixture.whenStable();
  }

  it('ticks rows, a shift-click range, the page and every song matching; the count comes first', async () => {
    await render(['ADMINS']);
    const table = await loader.getHarness(MatTableHarness);
    expect((await table.getRows()).length).toBe(25);
    expect(selected()).toBeUndefined();

    await (await row('Song 02')).check();
    expect(selected()).toBe('1 selected');
    await shiftClick('Song 06');
    expect(selected()).toBe('5 selected');
    for (const n of ['02', '03', '04', '05', '06']) expect(await (await row(`Song ${n}`)).isChecked()).toBeTrue();
    expect(await (await row('Song 07')).isChecked()).toBeFalse();
    // A shift-click range unticks as well.
    await (await row('Song 03')).uncheck();
    await shiftClick('Song 05');
    expect(selected()).toBe('2 selected');

    const page = await loader.getHarness(MatCheckboxHarness.with({ label: 'Select the songs on this page' }));
    expect(await page.isIndeterminate()).toBeTrue();
    await page.check();
    expect(selected()).toBe('25 selected');
    await (await button(/Select all 30 songs/)).click();
    expect(selected()).toBe('30 selected');
    expect(text()).toContain('Detach covers (27)');
    expect(text()).toContain('Delete (30)');
    await (await button(/Clear selection/)).click();
    expect(selected()).toBeUndefined();

    // All matching the search, not only the page: "Song 1" matches 10 to 19 (and nothing else).
    await (await loader.getHarness(MatInputHarness)).setValue('Song 1');
    await (await loader.getHarness(MatCheckboxHarness.with({ label: 'Select Song 10' }))).check();
    await (await button(/Select all 10 matching/)).click();
    expect(selected()).toBe('10 selected');
  });

  it('ADMINS: the confirmation names what will be lost, then the job starts at the root', async () => {
    await render(['ADMINS']);
    await (await loader.getHarness(MatCheckboxHarness.with({ label: 'Select the songs on this page' }))).check();
    await (await button(/Select all 30 songs/)).click();
    await (await button(/Delete \(30\)/)).click();

    const dialog = await root().getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete 30 songs?');
    const content = (await dialog.getContentText()).replace(/\s+/g, ' ');
    expect(content).toContain('30 songs: Song 01, Song 02, Song 03, Song 04, Song 05 and 25 more');
    expect(content).toContain('27 cover files, deleted from storage');
    const keep = await root().getHarness(MatCheckboxHarness.with({ label: /Also delete the cover files/ }));
    await keep.uncheck();
    expect((await dialog.getContentText()).replace(/\s+/g, ' ')).not.toContain('cover files, deleted');
    await keep.check();
    await (await root().getHarness(MatButtonHarness.with({ text: 'Delete 30 songs' }))).click();
    await fixture.whenStable();

    const [job] = TestBed.inject(JobRunner).jobs();
    expect(job?.title).toBe('Delete 30 songs and their covers');
    const deletes = bed.songs.calls.filter((c) => c.method === 'delete');
    expect(deletes.length).toBe(Math.min(30, TestBed.inject(SONG_BULK_CONCURRENCY)));
    // Items start in order, but one with a cover first reads its version (for Undo), so calls may interleave.
    expect(deletes.find((c) => c.args[0] === songs[0])?.args).toEqual([songs[0], 'delete-file']);
    expect(selected()).toBeUndefined();
    job!.close();
  });

  it('nothing starts when the confirmation is canceled', async () => {
    await render(['ADMINS']);
    await (await row('Song 01')).check();
    await (await button(/Delete \(1\)/)).click();
    const dialog = await root().getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete 1 song?');
    await (await root().getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await fixture.whenStable();
    expect(TestBed.inject(JobRunner).jobs()).toEqual([]);
    expect(bed.songs.calls).toEqual([]);
    expect(selected()).toBe('1 selected');
  });

  it('OPERATORS may detach in bulk but not delete: the button says why', async () => {
    await render(['OPERATORS']);
    await (await row('Song 10')).check();
    await (await row('Song 11')).check();
    const del = await button(/Delete/);
    expect(await del.isDisabled()).toBeTrue();
    expect(await del.getText()).toContain('admins only');
    await (await button(/Detach covers \(1\)/)).click();
    const dialog = await root().getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Detach the covers of 1 song?');
    await (await root().getHarness(MatButtonHarness.with({ text: 'Detach from 1 song' }))).click();
    await fixture.whenStable();
    const detach = bed.songs.last('detach');
    expect(detach.args).toEqual([songs[10], 'delete-file']);
    TestBed.inject(JobRunner).jobs()[0]!.close();
  });

  it('VIEWERS get no checkboxes', async () => {
    await render(['VIEWERS']);
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
  });
});
