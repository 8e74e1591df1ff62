import type { defineStorage } from '@aws-amplify/backend';

export type StorageAccess = NonNullable<Parameters<typeof defineStorage>[0]['access']>;

/**
 * The paths a storage access definition names, read by calling it with a builder that accepts
 * any rule (`allow.groups([...]).to([...])`, `allow.entity('identity')...`, ...). `{entity_id}`
 * becomes `*`, as Gen 2 writes it into IAM policies.
 */
export function definedPaths(access: StorageAccess): string[] {
  const anyRule: unknown = new Proxy(() => undefined, { get: () => anyRule, apply: () => anyRule });
  return Object.keys(access(anyRule as Parameters<StorageAccess>[0])).map((p) => p.replaceAll('{entity_id}', '*'));
}
