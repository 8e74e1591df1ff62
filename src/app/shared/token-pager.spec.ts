import { Component, signal } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { TokenPages } from './token-pages';
import { TokenPager } from './token-pager';

@Component({
  imports: [TokenPager],
  template: `<app-token-pager label="Pages of things" [pages]="pages" [busy]="busy()" (turned)="turns = turns + 1" />`,
})
class Host {
  readonly pages = new TokenPages();
  readonly busy = signal(false);
  turns = 0;
}

describe('TokenPager', () => {
  async function setUp() {
    const fixture = TestBed.createComponent(Host);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    const host = fixture.componentInstance;
    const button = (text: string) => loader.getHarness(MatButtonHarness.with({ text: new RegExp(text) }));
    const shown = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid=page-number]')!.textContent;
    return { fixture, host, button, shown };
  }

  it('shows the page in a named navigation, with both moves off on the only page', async () => {
    const { fixture, button, shown } = await setUp();
    const nav = (fixture.nativeElement as HTMLElement).querySelector('nav')!;
    expect(nav.getAttribute('aria-label')).toBe('Pages of things');
    expect(shown()).toBe('Page 1');
    expect(await (await button('Previous')).isDisabled()).toBeTrue();
    expect(await (await button('Next')).isDisabled()).toBeTrue();
  });

  it('moves forward and back, telling the page each time', async () => {
    const { fixture, host, button, shown } = await setUp();
    host.pages.nextToken.set('t2');
    fixture.detectChanges();
    await (await button('Next')).click();
    expect(shown()).toBe('Page 2');
    expect(host.turns).toBe(1);
    expect(host.pages.current()).toBe('t2');
    await (await button('Previous')).click();
    expect(shown()).toBe('Page 1');
    expect(host.turns).toBe(2);
  });

  it('lets nothing move while a page loads', async () => {
    const { fixture, host, button } = await setUp();
    host.pages.nextToken.set('t2');
    host.busy.set(true);
    fixture.detectChanges();
    expect(await (await button('Next')).isDisabled()).toBeTrue();
  });
});
