import type { ManagedUser } from './user-api';

/** Why an action on a person is not offered, or null when it is. */
export interface Lockout {
  demote: string | null;
  disable: string | null;
  remove: string | null;
}

/**
 * The lock-out guards of the Users page (the backend refuses the same on its own): an admin
 * cannot demote, disable or remove themselves, and the last ADMIN cannot be demoted. The count of
 * ADMINS is only known when the whole list is loaded; otherwise the backend has the last word.
 */
export function lockoutFor(
  user: ManagedUser,
  me: { username: string; userId: string } | null,
  knownAdmins: number | null,
): Lockout {
  const self = !!me && (user.username === me.username || user.username === me.userId);
  const lastAdmin = user.role === 'ADMINS' && knownAdmins === 1;
  return {
    demote: self ? 'You cannot change your own role' : lastAdmin ? 'The last admin keeps the Admin role' : null,
    disable: self ? 'You cannot disable your own account' : null,
    remove: self ? 'You cannot remove your own account' : null,
  };
}
