import { signal } from '@angular/core';
import type { DiscoveredFileField, Discovery, FileFieldStatus } from '../../discovery/discovery-result';
import { storageAccessFor } from '../../discovery/storage-access';
import type { StorageAction, StoragePath } from '../../discovery/storage-paths';
import type { ScanDiscovery } from '../scan-discovery';

const ALL: StorageAction[] = ['get', 'list', 'write', 'delete'];

/** A storage path every group (and signed-in user) may use in full, unless `access` says otherwise. */
export function storagePath(pattern: string, access?: Record<string, StorageAction[]>): StoragePath {
  const token = pattern.indexOf('{entity_id}');
  return {
    pattern,
    prefix: token >= 0 ? pattern.slice(0, token) : pattern.replace(/\*$/, ''),
    ownerScoped: token >= 0,
    bucket: 'files',
    access: access ?? { authenticated: ALL },
    ownerAccess: token >= 0 ? ALL : [],
  };
}

export interface FieldSpec {
  readonly model: string;
  readonly field: string;
  readonly kind: 'one' | 'many';
  readonly paths: readonly string[];
  readonly status?: FileFieldStatus;
  /** Sampled values and how many lay under a storage path (all of them unless given). */
  readonly sampled?: { readonly values: number; readonly resolved: number };
}

/** A discovery as discoverFileFields would give it, built from the fields and paths alone. */
export function discoveryOf(fields: readonly FieldSpec[], storagePaths: readonly StoragePath[]): Discovery {
  const models = [...new Set(fields.map((f) => f.model))].map((name) => ({
    name,
    pluralName: `${name}s`,
    primaryKey: ['id'],
    nameField: 'name',
    columns: ['name'],
    fileFields: fields
      .filter((f) => f.model === name)
      .map(
        (f): DiscoveredFileField => ({
          model: f.model,
          field: f.field,
          kind: f.kind,
          status: f.status ?? 'likely',
          paths: f.paths,
          evidence: [],
          sampled: f.sampled ?? { values: 10, resolved: 10 },
        }),
      ),
  }));
  return { models, storagePaths, problems: [], configApplied: false, summary: '' };
}

/** This repository's own: Song covers and album images under images/*. */
export function songsAndAlbums(): Discovery {
  return discoveryOf(
    [
      { model: 'Song', field: 'coverArtPath', kind: 'one', paths: ['images/*'] },
      { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many', paths: ['images/*'] },
    ],
    [storagePath('images/*')],
  );
}

/** SCAN_DISCOVERY over a fixed discovery, read by a user in `groups` who reads every record unless `ownOnly` names the model. */
export function fakeScanDiscovery(
  discovery: Discovery | undefined,
  groups: readonly string[] = [],
  ownOnly: readonly string[] = [],
): ScanDiscovery {
  return {
    discovery: signal(discovery),
    failure: signal(discovery ? '' : 'Discovery could not read the backend: offline.'),
    settled: () => Promise.resolve(),
    storageAccess: (pattern) => {
      const path = discovery?.storagePaths.find((p) => p.pattern === pattern);
      return path && storageAccessFor(path, groups);
    },
    permissions: (model) =>
      ownOnly.includes(model)
        ? { read: 'own', missing: `Members of ${groups.join(', ')} read only their own ${model} records.` }
        : { read: 'all' },
    pluralNameOf: (model) => discovery?.models.find((m) => m.name === model)?.pluralName ?? `${model}s`,
  };
}
