import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatProgressSpinnerHarness } from '@angular/material/progress-spinner/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import { ListStates } from './list-states';
import { SONG_NOUNS, testList } from './testing/test-list';

@Component({
  imports: [ListStates],
  template: `<app-list-states
    [list]="list.state"
    [nouns]="nouns"
    emptyIcon="library_music"
    (create)="created = created + 1"
  >
    <ng-template
      ><p data-testid="rows">{{ list.state.page().rows.length }} rows</p></ng-template
    >
  </app-list-states>`,
})
class Host {
  readonly list = testList();
  readonly nouns = SONG_NOUNS;
  created = 0;
}

describe('ListStates', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      host: fixture.componentInstance,
      loader: TestbedHarnessEnvironment.loader(fixture),
      text: () => (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      rows: () => el.querySelector('[data-testid=rows]')?.textContent,
    };
  }

  it('shows a named spinner while loading, and builds the rows only once there are some', async () => {
    const { fixture, host, loader, text, rows } = await render();
    expect(text()).toBe('Loading songs…');
    const spinner = await loader.getHarness(MatProgressSpinnerHarness);
    expect(await (await spinner.host()).getAttribute('aria-label')).toBe('Loading songs');
    expect(rows()).toBeUndefined();

    host.list.publish(['Naima', 'Solar']);
    await fixture.whenStable();
    expect(rows()).toBe('2 rows');
    expect(await loader.getAllHarnesses(MatProgressSpinnerHarness)).toEqual([]);
  });

  it('says why the list could not be loaded, and tries again', async () => {
    const { fixture, host, loader, text, rows } = await render();
    host.list.fail(new AttachmentError('unavailable', 'The backend cannot be reached.'));
    await fixture.whenStable();
    expect(text()).toContain('The songs could not be loaded. The backend cannot be reached.');

    await (await loader.getHarness(MatButtonHarness.with({ text: /Try again/ }))).click();
    expect(text()).toBe('Loading songs…');
    host.list.publish(['Naima']);
    await fixture.whenStable();
    expect(rows()).toBe('1 rows');
  });

  it('shows the rows that are in with a named progress bar while the list is still loading', async () => {
    const { fixture, host, loader, rows } = await render();
    host.list.publish([], false);
    await fixture.whenStable();
    // No “No songs yet.” before the list is complete.
    expect(rows()).toBe('0 rows');
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(await (await bar.host()).getAttribute('aria-label')).toBe('Loading more songs');
    host.list.publish(['Naima'], true);
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toEqual([]);
  });

  it('invites editors to create the first record when there are none', async () => {
    const { fixture, host, loader, text } = await render();
    host.list.publish([]);
    await fixture.whenStable();
    expect(text()).toContain('No songs yet.');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Create the first song/ }))).click();
    expect(host.created).toBe(1);

    host.list.editable.set(false);
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
  });

  it('says when nothing matches the search, and clears it', async () => {
    const { fixture, host, loader, text, rows } = await render();
    host.list.publish(['Naima', 'Solar']);
    host.list.state.setSearch('nothing like it');
    await fixture.whenStable();
    expect(text()).toContain('No song matches “nothing like it”.');
    expect(rows()).toBeUndefined();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Clear the search' }))).click();
    expect(host.list.state.search()).toBe('');
    expect(rows()).toBe('2 rows');
  });

  it('pages under the rows with a named paginator', async () => {
    const { fixture, host, loader, rows } = await render();
    host.list.publish(Array.from({ length: 30 }, (_, i) => `Song ${String(i).padStart(2, '0')}`));
    await fixture.whenStable();
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await (await paginator.host()).getAttribute('aria-label')).toBe('Pages of songs');
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 30');
    await paginator.goToNextPage();
    expect(host.list.state.pageIndex()).toBe(1);
    expect(rows()).toBe('5 rows');
    await paginator.setPageSize(50);
    expect(rows()).toBe('30 rows');
    expect(await paginator.getRangeLabel()).toBe('1 – 30 of 30');
  });
});
