import { resourceDefinition, servedAmplify } from '../project.ts';

/**
 * The groups of the served project's amplify/auth/resource.ts, read from its defineAuth (no second
 * list); none when the project defines no auth resource.
 */
export function authGroups(amplifyDir: string = servedAmplify()): string[] {
  const auth = resourceDefinition('auth', amplifyDir);
  if (!auth) return [];
  const groups = (auth.definition as { props?: { groups?: unknown } }).props?.groups ?? [];
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    throw new Error(`Could not read \`groups\` from ${auth.file} (defineAuth({ groups: [...] })).`);
  }
  return groups;
}
