import { discoverFileFields } from './discover-file-fields';
import type { Discovery, DiscoveryProblem, FileFieldStatus } from './discovery-result';
import { cleanupBlockers } from './discovery-result';
import type { DiscoveryInputs } from './discovery-source';
import { readIntrospection } from './model-introspection';
import { permissionsFor, type ModelPermissions } from './model-permissions';
import { storageAccessFor, type Reach, type StorageAccess } from './storage-access';

/** One file field as the Discovery page's table shows it. */
export interface FileFieldRow {
  readonly name: string;
  readonly kind: string;
  readonly status: FileFieldStatus;
  readonly paths: string;
  readonly keyTemplate: string;
  readonly access: string;
  readonly evidence: string;
}

/** One model as the Discovery page's table shows it. */
export interface ModelRow {
  readonly name: string;
  readonly nameField: string;
  readonly columns: string;
  readonly fileFields: number;
  readonly permissions: string;
}

/** What the Discovery page shows, worked out from its inputs. */
export interface DiscoveryView {
  readonly discovery: Discovery;
  readonly fileFields: readonly FileFieldRow[];
  readonly models: readonly ModelRow[];
  /** Discovery's problems, then what the signed-in groups cannot reach and why. */
  readonly problems: readonly DiscoveryProblem[];
  readonly cleanupBlockers: readonly string[];
  readonly config: string;
}

export const STATUS_LABELS: Record<FileFieldStatus, string> = {
  confirmed: 'Confirmed',
  likely: 'Found',
  ambiguous: 'Ambiguous',
  unresolved: 'Unresolved',
};

function reachText(entries: [string, Reach][]): string {
  const parts = entries.filter(([, r]) => r !== 'none').map(([op, r]) => (r === 'own' ? `${op} (own only)` : op));
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function permissionText(p: ModelPermissions): string {
  const text = reachText([
    ['create', p.create],
    ['read', p.read],
    ['update', p.update],
    ['delete', p.delete],
  ]);
  return p.readOnlyReason ? `${text} (read-only)` : text;
}

function accessText(a: StorageAccess): string {
  return reachText([
    ['read', a.read],
    ['upload', a.write],
    ['delete', a.delete],
  ]);
}

export function discoveryView(
  inputs: DiscoveryInputs,
  discovery: Discovery = discoverFileFields(inputs.outputs, inputs.sample, inputs.config),
): DiscoveryView {
  const introspection = readIntrospection(inputs.outputs) ?? { models: {} };
  const permissions = discovery.models.map((m) => permissionsFor(m.name, inputs.groups, introspection));
  const accessByPath = new Map(
    discovery.storagePaths.map((p) => [p.pattern, storageAccessFor(p, inputs.groups, inputs.identityId)]),
  );
  const fileFields = discovery.models
    .flatMap((m) => m.fileFields)
    .map((f) => ({
      name: `${f.model}.${f.field}`,
      kind: f.kind === 'many' ? 'many [String]' : 'one String',
      status: f.status,
      paths: f.paths.join(', ') || '—',
      keyTemplate: f.keyTemplate ?? '—',
      access: f.paths.map((p) => accessByPath.get(p)).map((a) => (a ? accessText(a) : 'none'))[0] ?? '—',
      evidence: f.evidence.join('; '),
    }));
  const models = discovery.models.map((m, i) => ({
    name: m.name,
    nameField: m.nameField,
    columns: m.columns.join(', '),
    fileFields: m.fileFields.length,
    permissions: permissions[i] ? permissionText(permissions[i]) : 'none',
  }));
  const used = new Set(discovery.models.flatMap((m) => m.fileFields.flatMap((f) => f.paths)));
  const access: DiscoveryProblem[] = [
    ...permissions.flatMap((p) => {
      const message = p.readOnlyReason ?? p.missing;
      return message ? [{ kind: 'access' as const, model: p.model, message }] : [];
    }),
    ...[...accessByPath.values()]
      .filter((a) => a.missing && used.has(a.path))
      .map((a) => ({ kind: 'access' as const, message: a.missing ?? '' })),
  ];
  const configProblem = inputs.configProblem ? [{ kind: 'config' as const, message: inputs.configProblem }] : [];
  const config = inputs.configProblem
    ? 'console.config.json could not be read: nothing of it applies.'
    : inputs.config === undefined
      ? 'No console.config.json: everything below was discovered.'
      : discovery.configApplied
        ? 'console.config.json is applied.'
        : 'console.config.json has mistakes (below): none of it applies until they are fixed.';
  return {
    discovery,
    fileFields,
    models,
    problems: [...configProblem, ...discovery.problems, ...access],
    cleanupBlockers: cleanupBlockers(discovery),
    config,
  };
}
