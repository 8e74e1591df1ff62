import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import { BulkBar } from './bulk-bar';
import { SONG_NOUNS, testList } from './testing/test-list';

@Component({
  imports: [BulkBar, MatButtonModule],
  template: `<app-bulk-bar
    [list]="list.state"
    [nouns]="nouns"
    [canDelete]="canDelete()"
    (delete)="deleted = deleted + 1"
  >
    <button mat-stroked-button type="button" (click)="detached = detached + 1">Detach covers</button>
  </app-bulk-bar>`,
})
class Host {
  readonly list = testList();
  readonly nouns = SONG_NOUNS;
  readonly canDelete = signal(true);
  deleted = 0;
  detached = 0;
}

describe('BulkBar', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    const host = fixture.componentInstance;
    host.list.publish(Array.from({ length: 30 }, (_, i) => `Song ${String(i).padStart(2, '0')}`));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      host,
      state: host.list.state,
      loader: TestbedHarnessEnvironment.loader(fixture),
      bar: () => el.querySelector('[data-testid=bulk-bar]'),
      selected: () => el.querySelector('[data-testid=selected-count]')?.textContent?.trim(),
    };
  }
  const buttonText = (b: MatButtonHarness) => b.getText();

  it('offers every record on the server once all loaded are ticked, and drops that choice on an untick', async () => {
    const { fixture, host, state, loader, selected } = await render();
    host.list.publish(
      Array.from({ length: 30 }, (_, i) => `Song ${String(i).padStart(2, '0')}`),
      false,
    );
    await fixture.whenStable();
    state.tick(state.matching()[0]!, true);
    await fixture.whenStable();
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /not only the/ }))).toBeNull();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Select all 30 songs' }))).click();
    await (
      await loader.getHarness(MatButtonHarness.with({ text: 'Select all songs, not only the 30 loaded' }))
    ).click();
    expect(selected()).toBe('All songs selected, on the server too');
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: /^delete/ }))).getText()).toBe(
      'delete Delete all songs',
    );
    // A page read later shows its rows ticked.
    host.list.publish(
      Array.from({ length: 40 }, (_, i) => `Song ${String(i).padStart(2, '0')}`),
      false,
    );
    await fixture.whenStable();
    expect(state.selection.count()).toBe(40);
    expect(state.allOnServer()).toBeTrue();
    state.tick(state.matching()[5]!, false);
    await fixture.whenStable();
    expect(state.allOnServer()).toBeFalse();
    expect(selected()).toBe('39 selected');
  });

  it('offers the server only for a search the server applies', async () => {
    const { fixture, host, state, loader, selected } = await render();
    state.setSearch('song 1');
    host.list.publish(['Song 10', 'Song 11'], false, 'loaded');
    await fixture.whenStable();
    state.tick(state.matching()[0]!, true);
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Select all 2 matching' }))).click();
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /not only the/ }))).toBeNull();
    host.list.publish(['Song 10', 'Song 11'], false, 'server');
    await fixture.whenStable();
    await (
      await loader.getHarness(MatButtonHarness.with({ text: 'Select all matching songs, not only the 2 loaded' }))
    ).click();
    expect(selected()).toBe('All matching songs selected, on the server too');
    state.setSearch('song 11');
    await fixture.whenStable();
    expect(state.allOnServer()).toBeFalse();
  });

  it('shows only while rows are ticked: the count, select every match, and clear', async () => {
    const { fixture, state, loader, bar, selected } = await render();
    expect(bar()).toBeNull();
    state.tick(state.matching()[3]!, true);
    await fixture.whenStable();
    expect(bar()?.getAttribute('aria-label')).toBe('Selection');
    expect(selected()).toBe('1 selected');

    state.setSearch('song 1');
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Select all 10 matching' }))).click();
    expect(selected()).toBe('11 selected');
    state.setSearch('');
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Select all 30 songs' }))).click();
    expect(selected()).toBe('30 selected');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Select all/ }))).toEqual([]);

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Clear selection' }))).click();
    expect(bar()).toBeNull();
  });

  it('holds the page’s own actions, and Delete with the count for admins', async () => {
    const { fixture, host, state, loader } = await render();
    state.selection.setRows(state.matching().slice(0, 2), true);
    await fixture.whenStable();
    const buttons = await loader.getAllHarnesses(MatButtonHarness);
    expect(await Promise.all(buttons.map(buttonText))).toEqual([
      'Select all 30 songs',
      'Clear selection',
      'Detach covers',
      'delete Delete (2)',
    ]);
    await buttons[2]!.click();
    await buttons[3]!.click();
    expect(host.detached).toBe(1);
    expect(host.deleted).toBe(1);
  });

  it('shows Delete disabled to others, saying who may', async () => {
    const { fixture, host, state, loader } = await render();
    host.canDelete.set(false);
    state.selection.selectMatching();
    await fixture.whenStable();
    const del = await loader.getHarness(MatButtonHarness.with({ text: /Delete/ }));
    expect(await del.isDisabled()).toBeTrue();
    expect(await del.getText()).toBe('delete Delete (admins only)');
    const tooltip = await loader.getHarness(MatTooltipHarness);
    await tooltip.show();
    expect(await tooltip.getTooltipText()).toBe('Only admins can delete songs.');
  });

  it('never shows to a user who may not edit', async () => {
    const { fixture, host, state, bar } = await render();
    host.list.editable.set(false);
    state.selection.selectMatching();
    await fixture.whenStable();
    expect(bar()).toBeNull();
  });
});
