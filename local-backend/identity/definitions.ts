import { auth } from '../../amplify/auth/resource.ts';

/** The groups of amplify/auth/resource.ts, read from the defineAuth factory (no second list). */
export function authGroups(): string[] {
  const props = (auth as unknown as { props?: { groups?: unknown } }).props;
  const groups = props?.groups;
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    throw new Error('Could not read `groups` from amplify/auth/resource.ts (defineAuth({ groups: [...] })).');
  }
  return groups;
}
