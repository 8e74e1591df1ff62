import type { Route, Routes } from '@angular/router';
import { permissionGuard } from '../auth/role-guard';
import { PERMISSIONS_LIST, type Permission } from '../auth/roles';

/** What a feature route says about itself in `data`: its navigation entry and who may open it. */
export interface FeatureRouteData {
  /** Shown in the side navigation, in route order. Routes without it have no entry. */
  nav?: { label: string; icon: string };
  /** Only roles with this permission see the entry and may open the route. */
  permission?: Permission;
}

export interface NavEntry {
  path: string;
  label: string;
  icon: string;
  permission?: Permission;
}

function featureData(route: Route): FeatureRouteData {
  return (route.data ?? {}) as FeatureRouteData;
}

/**
 * Adds the permission guard to every route that names a permission (and to its children). A
 * permission the role table does not know fails at start-up rather than letting everyone in.
 */
export function guardByPermission(routes: Routes): Routes {
  return routes.map((route) => {
    const { permission } = featureData(route);
    if (permission === undefined) return route;
    if (!PERMISSIONS_LIST.includes(permission)) {
      throw new Error(
        `Route "${route.path}": unknown permission "${permission}" (one of ${PERMISSIONS_LIST.join(', ')})`,
      );
    }
    const guard = permissionGuard(permission);
    return {
      ...route,
      canActivate: [...(route.canActivate ?? []), guard],
      canActivateChild: [...(route.canActivateChild ?? []), guard],
    };
  });
}

/** The side navigation, in route order: every top-level route with `data.nav`. */
export function navEntries(routes: Routes): NavEntry[] {
  return routes.flatMap((route) => {
    const { nav, permission } = featureData(route);
    if (!nav || route.path === undefined) return [];
    return [{ path: `/${route.path}`, label: nav.label, icon: nav.icon, permission }];
  });
}
