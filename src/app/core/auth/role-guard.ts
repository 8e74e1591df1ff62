import { inject } from '@angular/core';
import { Router, type CanActivateFn, type CanMatchFn } from '@angular/router';
import { rolesFor, type Permission, type Role } from './roles';
import { Session } from './session';

/**
 * Lets a route through only for users in one of `roles`; others land on /not-allowed.
 * The UI hides such links already; this refuses a typed-in URL. The backend refuses on its own.
 */
export function roleGuard(...roles: Role[]): CanActivateFn & CanMatchFn {
  return async () => {
    const session = inject(Session);
    const router = inject(Router);
    await session.ready();
    return session.hasAnyRole(roles) ? true : router.createUrlTree(['/not-allowed']);
  };
}

/** The role guard for the roles that hold `permission` in the role table (docs/architecture.md). */
export function permissionGuard(permission: Permission): CanActivateFn & CanMatchFn {
  return roleGuard(...rolesFor(permission));
}
