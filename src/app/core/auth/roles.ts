/** The Cognito groups of amplify/auth/resource.ts, strongest first. */
export const ROLES = ['ADMINS', 'OPERATORS', 'VIEWERS'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do (docs/architecture.md, section 2). The backend enforces the same table on its own. */
export const PERMISSIONS_LIST = ['browse', 'edit', 'delete', 'manage-users'] as const;
export type Permission = (typeof PERMISSIONS_LIST)[number];

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMINS: ['browse', 'edit', 'delete', 'manage-users'],
  OPERATORS: ['browse', 'edit'],
  VIEWERS: ['browse'],
};

/** Roles that grant a permission, e.g. rolesFor('edit') → ['ADMINS', 'OPERATORS']. */
export function rolesFor(permission: Permission): Role[] {
  return ROLES.filter((role) => PERMISSIONS[role].includes(permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMINS: 'Admin',
  OPERATORS: 'Operator',
  VIEWERS: 'Viewer',
};
