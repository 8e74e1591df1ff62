import { Component, Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter, type Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ResourcesConfig } from 'aws-amplify';
import { routes as appRoutes } from '../app.routes';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Reachability } from '../core/backend/reachability';
import { AppConfig } from '../core/config/app-config';
import { AppTitleStrategy } from '../core/routing/app-title-strategy';
import { NotFoundPage } from '../shared/not-found-page';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeReachability } from '../../testing/fake-reachability';
import { DISCOVERY_SOURCE } from './discovery-source';
import { MODEL_ACCESS_ROUTES } from './model-access.routes';
import { modelLabel, modelMatch, modelTitle } from './model-route-guards';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';

@Injectable()
class OutputsOnly extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // Amplify is not configured in a spec.
  }
}

@Component({ template: '<h1>The list of a model</h1>' })
class ModelList {}

/** /records/:model as app.routes.ts writes it, with a stand-in for the model screens. */
const ROUTES: Routes = [
  { path: 'records/:model', title: modelTitle, canMatch: [modelMatch('readable')], component: ModelList },
  { path: 'records/:model', canMatch: [modelMatch('unreadable')], children: MODEL_ACCESS_ROUTES },
  { path: '**', component: NotFoundPage },
];

describe('/records/:model', () => {
  async function open(url: string, groups: string[], routes = ROUTES): Promise<RouterTestingHarness> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        { provide: TitleStrategy, useClass: AppTitleStrategy },
        { provide: AUTH_CLIENT, useValue: Object.assign(new FakeAuthClient(), { user: userIn(...groups) }) },
        { provide: Reachability, useClass: FakeReachability },
        { provide: AppConfig, useClass: OutputsOnly },
        {
          provide: DISCOVERY_SOURCE,
          useValue: { load: async () => ({ outputs: EXAMPLE_OUTPUTS, sample: {}, sampleNotes: [], groups }) },
        },
      ],
    });
    await TestBed.inject(AppConfig).load(async () => new Response(JSON.stringify(EXAMPLE_OUTPUTS)));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await harness.fixture.whenStable();
    return harness;
  }
  const text = (harness: RouterTestingHarness) => harness.routeNativeElement?.textContent ?? '';

  it("opens a model's screens for a group its rules let read it, titled with its plural name", async () => {
    const harness = await open('/records/Product', ['SALES']);
    expect(text(harness)).toContain('The list of a model');
    expect(TestBed.inject(Title).getTitle()).toBe('Products · Attachment Console');
  });

  it('names an unknown model on the not-found page, keeping its address', async () => {
    const harness = await open('/records/Widget', ['CATALOG_EDITORS']);
    expect(text(harness)).toContain('There is no page at /records/Widget');
    expect(TestBed.inject(Router).url).toBe('/records/Widget');
  });

  it('says which rule an admin group needs for a model the groups cannot read, never an empty table', async () => {
    const harness = await open('/records/Product', ['HR']);
    expect(text(harness)).not.toContain('The list of a model');
    expect(text(harness)).toContain('Products: not readable with your groups');
    expect(text(harness)).toContain("None of Product's rules lets members of HR read it.");
    expect(text(harness)).toContain("Add allow.groups(['HR']).to(['read']) to Product's authorization");
  });

  it("is the app's route: an unknown model is not found there either, and /songs is not found without Song", async () => {
    const harness = await open('/records/Widget', ['CATALOG_EDITORS'], appRoutes);
    expect(text(harness)).toContain('There is no page at /records/Widget');
    await harness.navigateByUrl('/songs');
    expect(text(harness)).toContain('There is no page at /songs');
  });
});

describe('modelLabel', () => {
  it("spells a model's plural name as a label", () => {
    expect(modelLabel('PhotoAlbum', 'PhotoAlbums')).toBe('Photo albums');
    expect(modelLabel('Gallery', 'Galleries')).toBe('Galleries');
    expect(modelLabel('Box')).toBe('Boxs');
  });
});
