import type { Type } from '@angular/core';
import type { Route, Routes } from '@angular/router';
import type { DerivedPermissions } from '../auth/derived-permissions';
import { permissionGuard } from '../auth/role-guard';
import { PERMISSIONS_LIST, type Permission } from '../auth/roles';
import { featureGuard, type FeatureNeeds } from './feature-needs';

/** What a feature route says about itself in `data`: its navigation entry and who may open it. */
export interface FeatureRouteData {
  /** Shown in the side navigation, in route order. Routes without it have no entry. */
  nav?: { label: string; icon: string };
  /** Only roles with this permission see the entry and may open the route. */
  permission?: Permission;
  /** What the backend must have: without it there is no entry, and the address is not found. */
  needs?: FeatureNeeds;
  /** In this place, one entry per discovered model (the path's `:model` filled in), with this icon. */
  modelNav?: { icon: string };
}

export interface NavEntry {
  path: string;
  label: string;
  icon: string;
  permission?: Permission;
  needs?: FeatureNeeds;
  /** Stands for one entry per discovered model: `path` holds `:model`. */
  perModel?: boolean;
}

function featureData(route: Route): FeatureRouteData {
  return (route.data ?? {}) as FeatureRouteData;
}

/**
 * Adds the permission guard to every route that names a permission (and to its children), and a
 * match guard to every route that needs something of the backend. A permission the role table
 * does not know fails at start-up rather than letting everyone in. `derived` loads what tells the
 * guard the permissions of groups outside the role table.
 */
export function guardByPermission(routes: Routes, derived?: () => Promise<Type<DerivedPermissions>>): Routes {
  return routes.map((route) => {
    const { permission, needs } = featureData(route);
    const matched = needs ? { ...route, canMatch: [...(route.canMatch ?? []), featureGuard(needs)] } : route;
    if (permission === undefined) return matched;
    if (!PERMISSIONS_LIST.includes(permission)) {
      throw new Error(
        `Route "${route.path}": unknown permission "${permission}" (one of ${PERMISSIONS_LIST.join(', ')})`,
      );
    }
    const guard = permissionGuard(permission, derived);
    return {
      ...matched,
      canActivate: [...(route.canActivate ?? []), guard],
      canActivateChild: [...(route.canActivateChild ?? []), guard],
    };
  });
}

/** The side navigation, in route order: every top-level route with `data.nav` or `data.modelNav`. */
export function navEntries(routes: Routes): NavEntry[] {
  return routes.flatMap((route): NavEntry[] => {
    const { nav, permission, needs, modelNav } = featureData(route);
    if (route.path === undefined) return [];
    if (modelNav) return [{ path: `/${route.path}`, label: '', icon: modelNav.icon, perModel: true }];
    if (!nav) return [];
    return [{ path: `/${route.path}`, label: nav.label, icon: nav.icon, permission, ...(needs ? { needs } : {}) }];
  });
}
