import { defineFunction } from '@aws-amplify/backend';

/**
 * Handles the Users page's queries and mutations (amplify/data/resource.ts) with Cognito's admin
 * API. It lives in the auth stack: it is granted actions on the user pool there, and the data
 * stack (which already depends on auth) invokes it, so the stacks form no cycle.
 */
export const userAdmin = defineFunction({
  name: 'user-admin',
  entry: './handler.ts',
  resourceGroupName: 'auth',
  timeoutSeconds: 30,
});

/** The Cognito actions the handler calls, and nothing more (granted in amplify/auth/resource.ts). */
export const USER_ADMIN_ACTIONS = [
  'listUsers',
  'listUsersInGroup',
  'listGroupsForUser',
  'createUser',
  'deleteUser',
  'disableUser',
  'enableUser',
  'addUserToGroup',
  'removeUserFromGroup',
] as const;
