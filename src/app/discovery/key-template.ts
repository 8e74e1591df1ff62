import { ENTITY_TOKEN, pathOf, type StoragePath } from './storage-paths';

const UUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-.+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key template a path's uploads get when nothing says otherwise: unique per upload, one folder per record. */
export function defaultKeyTemplate(path: StoragePath): string {
  return path.ownerScoped ? `${path.prefix}${ENTITY_TOKEN}/{id}/{uuid}-{name}` : `${path.prefix}{id}/{uuid}-{name}`;
}

/** One stored key written back as a template: `images/<record id>/<uuid>-<name>` → `images/{id}/{uuid}-{name}`. */
function templateOf(key: string, recordId: string, field: string, path: StoragePath): string {
  const rest = key.slice(path.prefix.length).split('/');
  const parts = rest.map((segment, i) => {
    if (path.ownerScoped && i === 0) return ENTITY_TOKEN;
    if (segment === recordId) return '{id}';
    if (segment === field) return '{field}';
    if (i === rest.length - 1) return UUID_NAME.test(segment) ? '{uuid}-{name}' : '{name}';
    return UUID.test(segment) ? '{uuid}' : segment;
  });
  return path.prefix + parts.join('/');
}

/**
 * The template every sampled key of a field follows, when they all follow the same one and it is
 * unique per upload ({uuid}); otherwise undefined, and the default applies.
 */
export function inferKeyTemplate(
  records: readonly Record<string, unknown>[],
  idField: string,
  field: string,
  paths: readonly StoragePath[],
): string | undefined {
  const templates = new Set<string>();
  for (const record of records) {
    const id = String(record[idField] ?? '');
    const raw = record[field];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') continue;
      const path = pathOf(value, paths);
      if (path) templates.add(templateOf(value, id, field, path));
    }
  }
  const [only] = templates;
  return templates.size === 1 && only?.includes('{uuid}') ? only : undefined;
}
