import type { Discovery } from '../../discovery/discovery-result';
import { type FieldSpec, discoveryOf, storagePath } from './scan-discovery-fake';

/**
 * A shop like examples/storefront: a PDF field and a photo list on Product, a gallery's photos, an
 * employee's avatar in their own folder (Managers reach every folder, Staff none), and a prefix
 * (exports/) no field points into. `avatar` overrides the avatar field (e.g. bare file names).
 */
export function storefrontDiscovery(avatar: Partial<FieldSpec> = {}): Discovery {
  const staff = ['get', 'list', 'write', 'delete'] as const;
  return discoveryOf(
    [
      { model: 'Product', field: 'manualPath', kind: 'one', paths: ['manuals/*'] },
      { model: 'Product', field: 'imageKeys', kind: 'many', paths: ['products/*'] },
      { model: 'Gallery', field: 'photoPaths', kind: 'many', paths: ['galleries/*'] },
      { model: 'Employee', field: 'avatarPath', kind: 'one', paths: ['avatars/{entity_id}/*'], ...avatar },
    ],
    [
      storagePath('manuals/*', { groupsManagers: [...staff], groupsStaff: ['get', 'list', 'write'] }),
      storagePath('products/*', { groupsManagers: [...staff], groupsStaff: [...staff] }),
      storagePath('galleries/*', { groupsManagers: [...staff], groupsStaff: [...staff] }),
      storagePath('avatars/{entity_id}/*', { groupsManagers: ['get', 'list', 'delete'] }),
      storagePath('exports/*', { groupsManagers: [...staff] }),
    ],
  );
}
