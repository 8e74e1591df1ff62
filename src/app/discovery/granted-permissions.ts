import { isRole, type Permission } from '../core/auth/roles';
import { usableFileFields, type Discovery } from './discovery-result';
import type { ModelIntrospection } from './model-introspection';
import { permissionsFor } from './model-permissions';
import { storageAccessFor } from './storage-access';
import type { StoragePath } from './storage-paths';

/**
 * The console's permissions that the backend's own rules give groups the role table does not name
 * (its three groups keep the table, exactly): `browse` where some model is readable, `edit` where
 * some model takes creates or updates from everyone's records, `delete` (records, bulk delete,
 * orphan clean-up) only where some model's records may be deleted and every storage path a file
 * field uses lets the groups delete every file. `manage-users` is never derived: custom operations
 * carry no rules in the introspection.
 */
export function grantedPermissions(
  groups: readonly string[],
  introspection: ModelIntrospection,
  paths: readonly StoragePath[],
  discovery: Discovery | undefined,
): Permission[] {
  const others = groups.filter((g) => !isRole(g));
  if (others.length === 0) return [];
  const models = Object.keys(introspection.models).map((m) => permissionsFor(m, others, introspection));
  const granted: Permission[] = [];
  if (models.some((p) => p.read !== 'none')) granted.push('browse');
  if (models.some((p) => !p.readOnlyReason && (p.create === 'all' || p.update === 'all'))) granted.push('edit');
  if (discovery && models.some((p) => !p.readOnlyReason && p.delete === 'all')) {
    const used = new Set(usableFileFields(discovery).flatMap((f) => f.paths));
    const deletesEveryFile = paths
      .filter((p) => used.has(p.pattern))
      .every((p) => storageAccessFor(p, others).delete === 'all');
    if (deletesEveryFile) granted.push('delete');
  }
  return granted;
}
