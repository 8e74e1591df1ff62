import { Injector, inject, type Type } from '@angular/core';
import { Router, type CanActivateFn, type CanMatchFn } from '@angular/router';
import type { DerivedPermissions } from './derived-permissions';
import type { Permission, Role } from './roles';
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

/**
 * Lets a route through for users who hold `permission`: by the role table (docs/architecture.md),
 * or, for other group names, by the backend's own rules, which `derived` loads (waited for before
 * refusing).
 */
export function permissionGuard(
  permission: Permission,
  derived?: () => Promise<Type<DerivedPermissions>>,
): CanActivateFn & CanMatchFn {
  return async () => {
    const session = inject(Session);
    const router = inject(Router);
    const injector = inject(Injector);
    await session.ready();
    if (!session.can(permission) && derived) await injector.get(await derived()).settled();
    return session.can(permission) ? true : router.createUrlTree(['/not-allowed']);
  };
}
