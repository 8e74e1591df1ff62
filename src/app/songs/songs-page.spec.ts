import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatProgressSpinnerHarness } from '@angular/material/progress-spinner/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import axe from 'axe-core';
import { Subject } from 'rxjs';
import type { FileInfo } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { aSong } from '../../testing/fake-songs';
import { setUpSongs, type SongsTestBed } from '../../testing/songs-testbed';
import type { Song } from './song';
import { SongsPage } from './songs-page';

describe('SongsPage', () => {
  let bed: SongsTestBed;
  let fixture: ComponentFixture<SongsPage>;
  let loader: HarnessLoader;

  async function render(groups: string[], songs?: Song[]): Promise<void> {
    bed = await setUpSongs(groups);
    if (songs) bed.songs.lists.next({ items: songs, synced: true });
    fixture = TestBed.createComponent(SongsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  async function cells(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    return table
      .getCellTextByColumnName()
      .then(() => table.getRows().then((rows) => Promise.all(rows.map((r) => r.getCellTextByColumnName()))));
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  it('shows a loading state until the first songs arrive, then the rows with their files', async () => {
    await render(['VIEWERS']);
    expect(text()).toContain('Loading songs…');
    const naima = aSong('Naima');
    const solar = aSong('Solar', null);
    bed.engine.store(naima, 153_600, 'image/png');
    bed.songs.lists.next({ items: [solar, naima], synced: true });
    await fixture.whenStable();

    const rows = await cells();
    expect(rows.map((r) => r['name'])).toEqual(['Naima', 'Solar']);
    expect(rows[0]).toEqual(jasmine.objectContaining({ file: 'naima.png', size: '150 KB', type: 'PNG' }));
    expect(rows[1]).toEqual(jasmine.objectContaining({ file: 'No cover', size: '', type: '' }));
    const covers = (fixture.nativeElement as HTMLElement).querySelectorAll('app-song-cover');
    expect(covers[0]!.querySelector('img')?.getAttribute('alt')).toBe('Naima');
    expect(covers[1]!.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('No cover for Solar');
  });

  it('names its loading spinner, so assistive technology (and axe) can announce it', async () => {
    await render(['VIEWERS']);
    const spinner = await loader.getHarness(MatProgressSpinnerHarness);
    expect(await (await spinner.host()).getAttribute('aria-label')).toBe('Loading songs');
    const result = await axe.run(fixture.nativeElement as HTMLElement, {
      runOnly: ['aria-progressbar-name', 'aria-allowed-attr', 'aria-prohibited-attr'],
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('marks a cover whose file is not in storage as missing', async () => {
    const dangling = aSong('Take Five');
    await render(['OPERATORS'], [dangling]);
    const [row] = await cells();
    expect(row!['file']).toContain('take-five.png');
    expect(row!['file']).toContain('Missing file');
    expect(row!['size']).toBe('—');
  });

  it('asks for a cover image only once storage has said the file is there', async () => {
    bed = await setUpSongs(['VIEWERS']);
    const here = aSong('Naima');
    const gone = aSong('Take Five');
    const answers = new Map<string, Subject<FileInfo[]>>();
    spyOn(bed.engine, 'list').and.callFake((prefix: string) => {
      const answer = new Subject<FileInfo[]>();
      answers.set(prefix, answer);
      return answer;
    });
    const signed = spyOn(bed.engine, 'signedUrl').and.callThrough();
    bed.songs.lists.next({ items: [here, gone], synced: true });
    fixture = TestBed.createComponent(SongsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    expect(signed).not.toHaveBeenCalled();

    answers.get(here.coverArtPath!)!.next([{ path: here.coverArtPath!, size: 10 }]);
    answers.get(gone.coverArtPath!)!.next([]);
    await fixture.whenStable();
    expect(signed.calls.allArgs()).toEqual([[here.coverArtPath!]]);
    const covers = (fixture.nativeElement as HTMLElement).querySelectorAll('app-song-cover');
    expect(covers[0]!.querySelector('img')?.getAttribute('alt')).toBe('Naima');
    expect(covers[1]!.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('Cover file missing for Take Five');
  });

  it('asks storage about the visible rows only, even with 10,000 songs', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => aSong(`Song ${String(i).padStart(5, '0')}`));
    await render(['VIEWERS'], many);
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 10000');
    expect((await cells()).length).toBe(25);
    expect(bed.engine.listCalls.length).toBe(25);

    await paginator.goToNextPage();
    // The rows drawn for page 1 show page 2, every one of them.
    expect((await cells()).map((c) => c['name'])).toEqual(many.slice(25, 50).map((s) => s.name));
    expect(bed.engine.listCalls.length).toBe(50);
    await paginator.goToPreviousPage();
    expect(bed.engine.listCalls.length).toBe(50);
    // None of these covers is stored: no HEAD asks for a type.
    expect(bed.engine.fileInfoCalls).toEqual([]);
  });

  it('lists each cover on screen (200 whether it is there or not), then asks a HEAD for the type of those stored', async () => {
    const here = aSong('Naima');
    const elsewhere = { ...aSong('Solar'), coverArtPath: 'covers/solar.jpg' };
    const gone = aSong('Take Five');
    bed = await setUpSongs(['VIEWERS']);
    bed.engine.store(here, 4096, 'image/webp');
    bed.engine.store(elsewhere, 2048, 'image/jpeg');
    bed.songs.lists.next({ items: [here, elsewhere, gone], synced: true });
    fixture = TestBed.createComponent(SongsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();

    // A HEAD of a missing cover would answer 404, which the browser logs as an error.
    expect(bed.engine.listCalls.sort()).toEqual(['covers/solar.jpg', here.coverArtPath!, gone.coverArtPath!].sort());
    expect(bed.engine.fileInfoCalls.sort()).toEqual(['covers/solar.jpg', here.coverArtPath!].sort());
    const rows = await cells();
    expect(rows[0]).toEqual(jasmine.objectContaining({ name: 'Naima', size: '4 KB', type: 'WEBP' }));
    expect(rows[1]).toEqual(jasmine.objectContaining({ name: 'Solar', size: '2 KB', type: 'JPEG' }));
    expect(rows[2]!['file']).toContain('Missing file');
  });

  it('sorts by title, file and update time', async () => {
    const a = { ...aSong('Airegin', 'z.png'), updatedAt: '2026-01-03T00:00:00.000Z' };
    const b = { ...aSong('blue in green', 'y.png'), updatedAt: '2026-01-01T00:00:00.000Z' };
    const c = { ...aSong('Cantaloupe Island', 'x.png'), updatedAt: '2026-01-02T00:00:00.000Z' };
    await render(['VIEWERS'], [c, a, b]);
    const names = async () => (await cells()).map((r) => r['name']);
    expect(await names()).toEqual(['Airegin', 'blue in green', 'Cantaloupe Island']);

    const sort = await loader.getHarness(MatSortHarness);
    const [title] = await sort.getSortHeaders({ label: 'Title' });
    expect(await title!.getSortDirection()).toBe('asc');
    await title!.click();
    expect(await title!.getSortDirection()).toBe('desc');
    expect(await names()).toEqual(['Cantaloupe Island', 'blue in green', 'Airegin']);
    const [file] = await sort.getSortHeaders({ label: 'File' });
    await file!.click();
    expect(await names()).toEqual(['Cantaloupe Island', 'blue in green', 'Airegin']);
    const [updated] = await sort.getSortHeaders({ label: 'Updated' });
    await updated!.click();
    expect(await names()).toEqual(['Airegin', 'Cantaloupe Island', 'blue in green']);
  });

  it('searches titles and file names, says when nothing matches, and clears', async () => {
    await render(['VIEWERS'], [aSong('Naima'), aSong('Oleo', 'sonny.png'), aSong('So What')]);
    const search = await loader.getHarness(MatInputHarness.with({ placeholder: '' }));
    await search.setValue('SONNY');
    expect((await cells()).map((r) => r['name'])).toEqual(['Oleo']);
    expect(text()).toContain('1 of 3 songs');

    await search.setValue('nothing like it');
    expect(text()).toContain('No song matches “nothing like it”');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Clear the search' }))).click();
    expect((await cells()).length).toBe(3);
  });

  it('follows the live list: a song added or changed elsewhere shows without reload', async () => {
    const naima = aSong('Naima');
    await render(['VIEWERS'], [naima]);
    bed.songs.lists.next({ items: [{ ...naima, name: 'Naima (live)' }, aSong('Footprints')], synced: true });
    await fixture.whenStable();
    expect((await cells()).map((r) => r['name'])).toEqual(['Footprints', 'Naima (live)']);
  });

  it('shows the rows of a list still loading, with a progress bar', async () => {
    await render(['VIEWERS']);
    bed.songs.lists.next({ items: [aSong('Solar')], synced: false });
    await fixture.whenStable();
    expect((await cells()).length).toBe(1);
    expect((fixture.nativeElement as HTMLElement).querySelector('mat-progress-bar')).not.toBeNull();
    expect(text()).toContain('1 song so far…');
  });

  it('has an empty state that invites an operator to create the first song', async () => {
    await render(['OPERATORS'], []);
    expect(text()).toContain('No songs yet.');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Create the first song/ }))).click();
    const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('New song');
    await dialog.close();
  });

  it('shows an error state with the reason and tries again', async () => {
    bed = await setUpSongs(['VIEWERS']);
    bed.songs.listError = new AttachmentError('unavailable', 'The backend cannot be reached.');
    fixture = TestBed.createComponent(SongsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    expect(text()).toContain('The songs could not be loaded. The backend cannot be reached.');

    bed.songs.listError = null;
    bed.songs.lists.next({ items: [aSong('Solar')], synced: true });
    await (await loader.getHarness(MatButtonHarness.with({ text: /Try again/ }))).click();
    expect((await cells()).length).toBe(1);
  });

  describe('roles', () => {
    async function menuItems(): Promise<{ text: string; disabled: boolean }[]> {
      const menu = await loader.getHarness(MatMenuHarness.with({ triggerText: /more_vert/ }));
      await menu.open();
      const items = await menu.getItems();
      const result = await Promise.all(
        items.map(async (i) => ({
          text: (await i.getText()).replace(/^(edit|upload|link_off|delete)/, ''), // the icon's ligature
          disabled: await i.isDisabled(),
        })),
      );
      await menu.close();
      return result;
    }

    it('gives a viewer a read-only table: no new button, no actions', async () => {
      await render(['VIEWERS'], [aSong('Naima')]);
      expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /New song/ }))).toEqual([]);
      expect(await loader.getAllHarnesses(MatMenuHarness)).toEqual([]);
      const table = await loader.getHarness(MatTableHarness);
      const [header] = await table.getHeaderRows();
      expect(Object.keys(await header!.getCellTextByColumnName())).not.toContain('actions');
      expect(text()).toContain('Read only');
    });

    it('lets an operator edit covers but shows delete disabled, saying who may', async () => {
      await render(['OPERATORS'], [aSong('Naima')]);
      expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /New song/ }))).not.toEqual([]);
      expect(await menuItems()).toEqual([
        { text: 'Rename', disabled: false },
        { text: 'Replace cover', disabled: false },
        { text: 'Detach cover', disabled: false },
        { text: 'Delete song (admins only)', disabled: true },
      ]);
    });

    it('lets an admin delete; detach is disabled for a song without a cover', async () => {
      await render(['ADMINS'], [aSong('Solar', null)]);
      expect(await menuItems()).toEqual([
        { text: 'Rename', disabled: false },
        { text: 'Attach cover', disabled: false },
        { text: 'Detach cover (no cover)', disabled: true },
        { text: 'Delete song', disabled: false },
      ]);
    });

    it('opens the rename dialog for the row from the menu', async () => {
      const naima = aSong('Naima');
      await render(['OPERATORS'], [naima]);
      await (await loader.getHarness(MatMenuHarness)).clickItem({ text: /Rename/ });
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Rename “Naima”');
      await dialog.close();
    });

    it('opens the cover dialog for the row from the menu', async () => {
      const naima = aSong('Naima');
      await render(['OPERATORS'], [naima]);
      const menu = await loader.getHarness(MatMenuHarness);
      await menu.clickItem({ text: /Replace cover/ });
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Replace the cover');
      expect(await dialog.getContentText()).toContain('Naima');
      await dialog.close();
    });
  });
});
