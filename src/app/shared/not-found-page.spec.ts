import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AppTitleStrategy } from '../core/routing/app-title-strategy';
import { NotFoundPage } from './not-found-page';

@Component({ template: '<h1>Overview</h1>' })
class Overview {}

describe('NotFoundPage', () => {
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', pathMatch: 'full', redirectTo: 'overview' },
          { path: 'overview', component: Overview },
          { path: '**', title: 'Page not found', component: NotFoundPage },
        ]),
        { provide: TitleStrategy, useClass: AppTitleStrategy },
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  const text = (selector: string) => (harness.routeNativeElement?.querySelector(selector)?.textContent ?? '').trim();

  it('names the address no page answers, and keeps it in the address bar', async () => {
    await harness.navigateByUrl('/no-such-page');
    expect(text('h1')).toBe('Page not found');
    expect(text('[data-testid=unknown-address]')).toBe('/no-such-page');
    expect(text('p')).toContain('There is no page at /no-such-page.');
    expect(TestBed.inject(Router).url).toBe('/no-such-page');
    expect(TestBed.inject(Title).getTitle()).toBe('Page not found · Attachment Console');
  });

  it('names a deeper address whole', async () => {
    await harness.navigateByUrl('/songs/1/covers/2');
    expect(text('[data-testid=unknown-address]')).toBe('/songs/1/covers/2');
  });

  it('follows a second unknown address while it stays on screen', async () => {
    await harness.navigateByUrl('/first');
    await harness.navigateByUrl('/second');
    expect(text('[data-testid=unknown-address]')).toBe('/second');
  });

  it('links home to the overview', async () => {
    await harness.navigateByUrl('/no-such-page');
    const loader = TestbedHarnessEnvironment.loader(harness.fixture);
    const home = await loader.getHarness(MatButtonHarness.with({ text: 'Go to the overview' }));
    expect(await (await home.host()).getAttribute('href')).toBe('/overview');
    await home.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/overview');
    expect(text('h1')).toBe('Overview');
  });
});
