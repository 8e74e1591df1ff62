import { Injectable } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { provideRouter } from '@angular/router';
import type { ResourcesConfig } from 'aws-amplify';
import { routes } from '../app.routes';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi } from '../attachments/testing/fake-storage-api';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { AppConfig } from '../core/config/app-config';
import { DISCOVERY_SOURCE } from '../discovery/discovery-source';
import { DiscoveryState } from '../discovery/discovery-state';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { THIS_REPO_OUTPUTS } from '../discovery/testing/this-repo-outputs';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeReachability } from '../../testing/fake-reachability';
import { Shell } from './shell';

@Injectable()
class OutputsOnly extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // Amplify is not configured in a spec.
  }
}

/** This repository's outputs with the user-admin operations the Users page calls. */
function withUserAdmin(outputs: Record<string, unknown>): Record<string, unknown> {
  const data = outputs['data'] as { model_introspection: object };
  const ops = (names: string[]) => Object.fromEntries(names.map((n) => [n, { name: n }]));
  return {
    ...outputs,
    data: {
      ...data,
      model_introspection: {
        ...data.model_introspection,
        queries: ops(['listUsers']),
        mutations: ops(['inviteUser', 'setUserRole', 'disableUser', 'enableUser', 'removeUser']),
      },
    },
  };
}

/** The side navigation the app's own routes give a user in `groups` on the backend of `outputs`. */
async function navTitles(outputs: Record<string, unknown>, groups: string[]): Promise<string[]> {
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes),
      { provide: AUTH_CLIENT, useValue: Object.assign(new FakeAuthClient(), { user: userIn(...groups) }) },
      { provide: Reachability, useClass: FakeReachability },
      { provide: AppConfig, useClass: OutputsOnly },
      { provide: STORAGE_API, useValue: new FakeStorageApi() },
      {
        provide: DISCOVERY_SOURCE,
        useValue: { load: async () => ({ outputs, sample: {}, sampleNotes: [], groups }) },
      },
    ],
  });
  await TestBed.inject(AppConfig).load(async () => new Response(JSON.stringify(outputs)));
  await TestBed.inject(Session).ready();
  const fixture = TestBed.createComponent(Shell);
  await TestBed.inject(DiscoveryState).settled();
  await fixture.whenStable();
  const nav = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatNavListHarness);
  const items = await nav.getItems();
  return Promise.all(items.map((item) => item.getTitle()));
}

describe('Shell navigation from discovery', () => {
  it("lists another app's models with file fields, and no Songs, Albums or Users", async () => {
    expect(await navTitles(EXAMPLE_OUTPUTS, ['CATALOG_EDITORS'])).toEqual([
      'Overview',
      'Products',
      'Employees',
      'Orphan report',
      'Data model',
    ]);
  });

  it("shows each group only the models its rules let it read; the Data model page is everyone's", async () => {
    // HR reads Employee (its rule) but not Product; Employee is owner-scoped, so anyone reads their own.
    expect(await navTitles(EXAMPLE_OUTPUTS, ['HR'])).toEqual(['Overview', 'Employees', 'Orphan report', 'Data model']);
  });

  /** This repository's outputs with the audit trail's model, as the synthesized schema has it. */
  function withAuditTrail(): Record<string, unknown> {
    const outputs = withUserAdmin(THIS_REPO_OUTPUTS);
    const data = outputs['data'] as { model_introspection: { models: Record<string, unknown> } };
    const models = { ...data.model_introspection.models, AuditEvent: { name: 'AuditEvent', fields: {} } };
    return { ...outputs, data: { ...data, model_introspection: { ...data.model_introspection, models } } };
  }

  it('offers ADMINS the Activity page where the backend has the audit trail (AuditEvent)', async () => {
    expect(await navTitles(withAuditTrail(), ['ADMINS'])).toContain('Activity');
  });

  it('offers OPERATORS no Activity page', async () => {
    expect(await navTitles(withAuditTrail(), ['OPERATORS'])).not.toContain('Activity');
  });

  it('offers ADMINS the Recently deleted page', async () => {
    expect(await navTitles(withAuditTrail(), ['ADMINS'])).toContain('Recently deleted');
  });

  it('offers OPERATORS no Recently deleted page', async () => {
    expect(await navTitles(withAuditTrail(), ['OPERATORS'])).not.toContain('Recently deleted');
  });

  it("keeps this repository's pages, with no model entry for the models they look after", async () => {
    expect(await navTitles(withUserAdmin(THIS_REPO_OUTPUTS), ['ADMINS'])).toEqual([
      'Overview',
      'Songs',
      'Albums',
      'Orphan report',
      'Data model',
      'Users',
    ]);
  });

  it('shows the Users page only where the backend has the user-admin operations', async () => {
    const titles = await navTitles(THIS_REPO_OUTPUTS, ['ADMINS']);
    expect(titles).not.toContain('Users');
    expect(titles).toContain('Songs');
  });
});
