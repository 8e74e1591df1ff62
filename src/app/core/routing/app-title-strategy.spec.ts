import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, provideRouter, type Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { APP_NAME, AppTitleStrategy } from './app-title-strategy';

@Component({ template: '<h1>page</h1>' })
class Page {}

const ROUTES: Routes = [
  {
    path: 'albums',
    title: 'Albums',
    data: { nav: { label: 'Photo albums', icon: 'photo_library' } },
    children: [
      { path: '', component: Page },
      { path: ':id', title: 'Album', component: Page },
    ],
  },
  {
    path: 'orphans',
    data: { nav: { label: 'Orphan report', icon: 'find_in_page' } },
    children: [
      { path: '', component: Page },
      { path: 'detail', data: { nav: { label: 'Orphan detail', icon: 'x' } }, component: Page },
    ],
  },
  { path: 'song/:id', title: (route) => `Song ${route.paramMap.get('id')}`, component: Page },
  { path: 'plain', component: Page },
];

describe('AppTitleStrategy', () => {
  let harness: RouterTestingHarness;
  const title = () => TestBed.inject(Title).getTitle();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter(ROUTES), { provide: TitleStrategy, useClass: AppTitleStrategy }],
    });
    harness = await RouterTestingHarness.create();
  });

  it('names the page, then the app', async () => {
    await harness.navigateByUrl('/albums');
    expect(title()).toBe('Albums · Attachment Console');
    expect(APP_NAME).toBe('Attachment Console');
  });

  it('takes the deepest title of nested routes, and the parent’s where the child has none', async () => {
    await harness.navigateByUrl('/albums/a1');
    expect(title()).toBe('Album · Attachment Console');
    await harness.navigateByUrl('/albums');
    expect(title()).toBe('Albums · Attachment Console');
  });

  it('prefers a title over a navigation label', async () => {
    await harness.navigateByUrl('/albums/a1');
    expect(title()).not.toContain('Photo albums');
  });

  it('falls back to the deepest navigation label when no route has a title', async () => {
    await harness.navigateByUrl('/orphans');
    expect(title()).toBe('Orphan report · Attachment Console');
    await harness.navigateByUrl('/orphans/detail');
    expect(title()).toBe('Orphan detail · Attachment Console');
  });

  it('uses a resolved title', async () => {
    await harness.navigateByUrl('/song/s7');
    expect(title()).toBe('Song s7 · Attachment Console');
  });

  it('is only the app name for a route with neither title nor label', async () => {
    await harness.navigateByUrl('/albums');
    await harness.navigateByUrl('/plain');
    expect(title()).toBe('Attachment Console');
  });
});
