import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import { ListHeader } from './list-header';
import { SONG_NOUNS, testList } from './testing/test-list';

@Component({
  imports: [ListHeader],
  template: `<app-list-header
    heading="Songs"
    [list]="list.state"
    [nouns]="nouns"
    [soFar]="soFar()"
    readOnlyHint="Ask an admin to edit."
    (create)="created = created + 1"
  />`,
})
class Host {
  readonly list = testList();
  readonly nouns = SONG_NOUNS;
  readonly soFar = signal(false);
  created = 0;
}

describe('ListHeader', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const count = () => el.querySelector('[data-testid=song-count]')?.textContent?.replace(/\s+/g, ' ').trim();
    return { fixture, host: fixture.componentInstance, loader: TestbedHarnessEnvironment.loader(fixture), el, count };
  }

  it('titles the page and counts the records once the list is in, “N of M” while searching', async () => {
    const { fixture, host, el, count } = await render();
    expect(el.querySelector('h1')?.textContent).toBe('Songs');
    expect(count()).toBeUndefined();

    host.list.publish(['Naima', 'Oleo', 'Solar']);
    await fixture.whenStable();
    expect(count()).toBe('3 songs');
    host.list.state.setSearch('ol');
    await fixture.whenStable();
    expect(count()).toBe('2 of 3 songs');
    host.list.publish(['Solar']);
    await fixture.whenStable();
    expect(count()).toBe('1 of 1 song');
  });

  it('says “so far…” while the list is still loading, when asked to', async () => {
    const { fixture, host, count } = await render();
    host.list.publish(['Naima'], false);
    await fixture.whenStable();
    expect(count()).toBe('1 song');
    host.soFar.set(true);
    await fixture.whenStable();
    expect(count()).toBe('1 song so far…');
    host.list.publish(['Naima', 'Oleo'], true);
    await fixture.whenStable();
    expect(count()).toBe('2 songs');
  });

  it('offers New to editors and a read-only chip with the reason to everyone else', async () => {
    const { fixture, host, loader, el } = await render();
    await (await loader.getHarness(MatButtonHarness.with({ text: /New song/ }))).click();
    expect(host.created).toBe(1);
    expect(el.querySelector('[data-testid=read-only]')).toBeNull();

    host.list.editable.set(false);
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
    expect(el.querySelector('[data-testid=read-only]')?.textContent).toContain('Read only');
    const tooltip = await loader.getHarness(MatTooltipHarness);
    await tooltip.show();
    expect(await tooltip.getTooltipText()).toBe('Ask an admin to edit.');
  });
});
