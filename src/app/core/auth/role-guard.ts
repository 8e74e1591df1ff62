import { inject } from '@angular/core';
import { Router, type CanActivateFn, type CanMatchFn } from '@angular/router';
import type { Role } from './roles';
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
