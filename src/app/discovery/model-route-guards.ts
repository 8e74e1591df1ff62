import { inject } from '@angular/core';
import type { CanMatchFn, ResolveFn, UrlSegment } from '@angular/router';
import { Session } from '../core/auth/session';
import { DiscoveryState } from './discovery-state';

/** `records/Product/…` → `Product`. */
function modelOf(segments: readonly UrlSegment[]): string {
  return segments[1]?.path ?? '';
}

/**
 * Matches /records/:model for a model of the backend whose records the signed-in groups may read
 * (all of them, or their own), or, with `unreadable`, one they may not read, for the page that
 * says which rule they lack. An unknown model matches neither, so the not-found page names it.
 */
export function modelMatch(wanted: 'readable' | 'unreadable'): CanMatchFn {
  return async (_route, segments) => {
    const discovery = inject(DiscoveryState);
    await inject(Session).ready();
    const model = modelOf(segments);
    if (!discovery.knows(model)) return false;
    return (discovery.permissions(model).read !== 'none') === (wanted === 'readable');
  };
}

/** The tab title of a model's pages: its plural name, as the side navigation shows it. */
export const modelTitle: ResolveFn<string> = (route) => {
  const model = String(route.paramMap.get('model') ?? route.parent?.paramMap.get('model') ?? '');
  return modelLabel(model, inject(DiscoveryState).pluralNameOf(model));
};

/** `PhotoAlbums` → `Photo albums`: a model's plural name as a label. */
export function modelLabel(model: string, pluralName = `${model}s`): string {
  const words = pluralName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
}
