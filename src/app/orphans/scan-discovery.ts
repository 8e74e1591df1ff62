import { InjectionToken, type Signal, inject } from '@angular/core';
import type { Discovery } from '../discovery/discovery-result';
import type { ModelPermissions } from '../discovery/model-permissions';
import { DiscoveryState } from '../discovery/discovery-state';
import type { StorageAccess } from '../discovery/storage-access';

/** What the orphan scan needs of discovery: the fields and prefixes, and what the user may list. */
export interface ScanDiscovery {
  readonly discovery: Signal<Discovery | undefined>;
  /** Why discovery failed, in words; empty otherwise. */
  readonly failure: Signal<string>;
  /** Resolves once discovery has run (or failed) for whoever is signed in. */
  settled(): Promise<void>;
  /** What the signed-in user may do under a storage path (undefined: under none). */
  storageAccess(path: string): StorageAccess | undefined;
  /** What the signed-in user may do with a model's records, from its authorization rules. */
  permissions(model: string): Pick<ModelPermissions, 'read' | 'missing'>;
  /** A model's plural name as the backend spells it. */
  pluralNameOf(model: string): string;
}

export const SCAN_DISCOVERY = new InjectionToken<ScanDiscovery>('ScanDiscovery', {
  providedIn: 'root',
  factory: () => inject(DiscoveryState),
});
