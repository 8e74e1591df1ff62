import { Injectable, Injector, PendingTasks, computed, effect, inject, signal, untracked } from '@angular/core';
import type { DerivedPermissions } from '../core/auth/derived-permissions';
import { Session } from '../core/auth/session';
import { AppConfig } from '../core/config/app-config';
import type { DiscoveredModel, Discovery } from './discovery-result';
import { usableFileFields } from './discovery-result';
import type { DiscoveryInputs } from './discovery-source';
import { grantedPermissions } from './granted-permissions';
import { readIntrospection } from './model-introspection';
import { permissionsFor, type ModelPermissions } from './model-permissions';
import { storageAccessFor, type StorageAccess } from './storage-access';
import { pathOf, readStoragePaths } from './storage-paths';

export type DiscoveryStatus = 'idle' | 'running' | 'ready' | 'failed';

/**
 * What the console found in the backend it was pointed at, for the whole app: discovery runs once
 * after each sign-in (another person, or new groups) and again on demand. What the signed-in user
 * may do per model and per storage path is read from the outputs at once; the file fields need the
 * run (it samples records). The discovery code itself loads with the first run.
 */
@Injectable({ providedIn: 'root' })
export class DiscoveryState implements DerivedPermissions {
  private readonly session = inject(Session);
  private readonly config = inject(AppConfig);
  private readonly injector = inject(Injector);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly inputsSignal = signal<DiscoveryInputs | undefined>(undefined);
  private readonly discoverySignal = signal<Discovery | undefined>(undefined);
  private readonly statusSignal = signal<DiscoveryStatus>('idle');
  private readonly failureSignal = signal('');
  /** Who the current results are for: user id and groups; empty while nobody is signed in. */
  private signedInAs = '';
  private generation = 0;
  private current?: Promise<void>;

  readonly discovery = this.discoverySignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  /** What the last run read (outputs, config, samples, groups, identity), for the Discovery page. */
  readonly inputs = this.inputsSignal.asReadonly();
  /** Why the last run failed, in words; empty otherwise. */
  readonly failure = this.failureSignal.asReadonly();

  private readonly outputs = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' ? state.outputs : undefined;
  });
  private readonly introspection = computed(() => readIntrospection(this.outputs()) ?? { models: {} });
  private readonly storagePaths = computed(() => readStoragePaths(this.outputs()));

  /** Models with a file field the console may manage (confirmed or found), in the backend's order. */
  readonly fileModels = computed<readonly DiscoveredModel[]>(() => {
    const discovery = this.discoverySignal();
    if (!discovery) return [];
    const usable = new Set(usableFileFields(discovery).map((f) => f.model));
    return discovery.models.filter((m) => usable.has(m.name));
  });

  /** Permissions the backend's rules give the user's groups outside the role table (see grantedPermissions). */
  readonly granted = computed(() =>
    grantedPermissions(this.session.groups(), this.introspection(), this.storagePaths(), this.discoverySignal()),
  );

  constructor() {
    this.session.deriveFrom(this);
    effect(() => {
      this.session.user();
      untracked(() => this.follow());
    });
  }

  /** A discovered model by name, once discovery has run. */
  model(name: string): DiscoveredModel | undefined {
    return this.discoverySignal()?.models.find((m) => m.name === name);
  }

  /** Whether the backend has a model of this name (from the outputs; no need to wait for a run). */
  knows(name: string): boolean {
    return Object.hasOwn(this.introspection().models, name);
  }

  /** A model's plural name as the backend spells it (`Galleries`), or the name with an s. */
  pluralNameOf(name: string): string {
    return (this.knows(name) ? this.introspection().models[name]?.pluralName : undefined) ?? `${name}s`;
  }

  /** What the signed-in user may do with a model's records, from its authorization rules. */
  permissions(modelName: string): ModelPermissions {
    return permissionsFor(modelName, this.session.groups(), this.introspection());
  }

  /**
   * What the signed-in user may do with the files under a storage path: a pattern of the outputs
   * (`products/*`) or any key or folder under one. Undefined for a value under no storage path
   * ("not a storage path": never fetched).
   */
  storageAccess(path: string): StorageAccess | undefined {
    const paths = this.storagePaths();
    const storagePath = paths.find((p) => p.pattern === path) ?? pathOf(path, paths);
    return storagePath && storageAccessFor(storagePath, this.session.groups(), this.inputsSignal()?.identityId);
  }

  /** Runs discovery now (the Discovery page's "Look again"); a run already under way is superseded. */
  run(): Promise<void> {
    const generation = ++this.generation;
    this.statusSignal.set('running');
    this.failureSignal.set('');
    this.current = this.discover(generation);
    return this.current;
  }

  /** Resolves once discovery has run (or failed) for whoever is signed in now. */
  async settled(): Promise<void> {
    if (this.session.status() === 'unknown') await this.session.ready();
    this.follow();
    while (this.statusSignal() === 'running' && this.current) await this.current;
  }

  /** Runs discovery when someone else signs in or the groups change; forgets it on sign-out. */
  private follow(): void {
    const user = this.session.user();
    const who = user ? `${user.userId}\n${[...user.groups].sort().join(',')}` : '';
    if (who === this.signedInAs) return;
    this.signedInAs = who;
    if (who) {
      void this.run();
    } else {
      this.generation++;
      this.inputsSignal.set(undefined);
      this.discoverySignal.set(undefined);
      this.statusSignal.set('idle');
    }
  }

  private async discover(generation: number): Promise<void> {
    const done = this.pendingTasks.add();
    try {
      const [{ DISCOVERY_SOURCE }, { discoverFileFields }] = await Promise.all([
        import('./discovery-source'),
        import('./discover-file-fields'),
      ]);
      const inputs = await this.injector.get(DISCOVERY_SOURCE).load();
      if (generation !== this.generation) return;
      this.inputsSignal.set(inputs);
      this.discoverySignal.set(discoverFileFields(inputs.outputs, inputs.sample, inputs.config));
      this.statusSignal.set('ready');
    } catch (err) {
      if (generation !== this.generation) return;
      this.failureSignal.set(`Discovery could not read the backend: ${(err as Error).message}`);
      this.statusSignal.set('failed');
    } finally {
      done();
    }
  }
}
