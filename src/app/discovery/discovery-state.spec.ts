import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ResourcesConfig } from 'aws-amplify';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeReachability } from '../../testing/fake-reachability';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { AppConfig } from '../core/config/app-config';
import { DISCOVERY_SOURCE, type DiscoveryInputs } from './discovery-source';
import { DiscoveryState } from './discovery-state';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';
import { THIS_REPO_OUTPUTS } from './testing/this-repo-outputs';

@Injectable()
class OutputsOnly extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // Amplify is not configured in a spec.
  }
}

/** Resolves once discovery has settled and the signals it set are read. */
async function settle(state: DiscoveryState): Promise<void> {
  await state.settled();
  TestBed.tick();
}

describe('DiscoveryState', () => {
  let auth: FakeAuthClient;
  let loads: DiscoveryInputs['groups'][];
  let fail: string | undefined;
  let state: DiscoveryState;

  async function start(outputs: Record<string, unknown>, groups: string[]): Promise<void> {
    auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    loads = [];
    fail = undefined;
    const session = () => TestBed.inject(Session);
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
        { provide: AppConfig, useClass: OutputsOnly },
        {
          provide: DISCOVERY_SOURCE,
          useValue: {
            load: async (): Promise<DiscoveryInputs> => {
              const groups = session().groups();
              loads.push(groups);
              if (fail) throw new Error(fail);
              return { outputs, sample: {}, sampleNotes: [], groups, identityId: 'us-east-1:me' };
            },
          },
        },
      ],
    });
    await TestBed.inject(AppConfig).load(async () => new Response(JSON.stringify(outputs)));
    await session().ready();
    state = TestBed.inject(DiscoveryState);
    await settle(state);
  }

  it('runs once after sign-in and exposes what it found', async () => {
    await start(EXAMPLE_OUTPUTS, ['CATALOG_EDITORS']);
    expect(loads).toEqual([['CATALOG_EDITORS']]);
    expect(state.status()).toBe('ready');
    expect(state.discovery()?.models.map((m) => m.name)).toEqual(['Product', 'Employee']);
    expect(state.model('Product')?.fileFields.map((f) => f.field)).toEqual(['imageKeys', 'manualPath']);
    expect(state.model('Widget')).toBeUndefined();
    expect(state.fileModels().map((m) => m.name)).toEqual(['Product', 'Employee']);
  });

  it('runs again for another person or new groups, not for a token refresh, and forgets on sign-out', async () => {
    await start(EXAMPLE_OUTPUTS, ['SALES']);
    auth.emit('tokenRefresh');
    await TestBed.inject(Session).refresh();
    await settle(state);
    expect(loads.length).toBe(1);

    auth.signIn({ groups: ['CATALOG_EDITORS'] });
    await TestBed.inject(Session).refresh();
    await until(() => loads.length === 2);
    await settle(state);
    expect(loads[1]).toEqual(['CATALOG_EDITORS']);
    expect(state.permissions('Product').delete).toBe('all');

    await TestBed.inject(Session).signOut();
    TestBed.tick();
    expect(state.status()).toBe('idle');
    expect(state.discovery()).toBeUndefined();
  });

  it('says why it failed, keeps what it found before, and runs again on demand', async () => {
    await start(EXAMPLE_OUTPUTS, ['SALES']);
    fail = 'network down';
    await state.run();
    expect(state.status()).toBe('failed');
    expect(state.failure()).toBe('Discovery could not read the backend: network down');
    expect(state.model('Product')).toBeDefined();
    fail = undefined;
    await state.run();
    expect(state.status()).toBe('ready');
    expect(state.failure()).toBe('');
  });

  it("reads the signed-in groups' permissions per model and per storage path from the backend's rules", async () => {
    await start(EXAMPLE_OUTPUTS, ['SALES']);
    const product = state.permissions('Product');
    expect([product.create, product.read, product.update, product.delete]).toEqual(['none', 'all', 'none', 'none']);
    expect(state.permissions('Employee').missing).toContain(
      "Add allow.groups(['SALES']).to(['read', 'update', 'delete']) to Employee's authorization",
    );
    const manual = state.storageAccess('manuals/p1/guide.pdf');
    expect(manual && [manual.path, manual.read, manual.write, manual.delete]).toEqual([
      'manuals/*',
      'all',
      'none',
      'none',
    ]);
    expect(state.storageAccess('avatars/{entity_id}/*')?.ownFolder).toBe('avatars/us-east-1:me/');
    expect(state.storageAccess('photo.jpg')).toBeUndefined();
  });

  it('gives groups outside the role table what their rules allow; delete only where every file may go', async () => {
    await start(EXAMPLE_OUTPUTS, ['CATALOG_EDITORS']);
    // Product records are theirs to delete, but other people's avatars (avatars/{entity_id}/*) are not.
    expect(state.granted()).toEqual(['browse', 'edit']);
    const session = TestBed.inject(Session);
    expect(['browse', 'edit', 'delete', 'manage-users'].map((p) => session.can(p as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("leaves this repository's groups to the role table", async () => {
    await start(THIS_REPO_OUTPUTS, ['OPERATORS']);
    expect(state.granted()).toEqual([]);
    const session = TestBed.inject(Session);
    expect(['browse', 'edit', 'delete'].map((p) => session.can(p as never))).toEqual([true, true, false]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) {
    TestBed.tick();
    await new Promise((r) => setTimeout(r));
  }
  expect(condition()).toBeTrue();
}
