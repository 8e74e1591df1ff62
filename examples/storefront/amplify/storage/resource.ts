import { defineStorage } from '@aws-amplify/backend';

/*
 * Product manuals (PDF) and product photos are the catalogue's; galleries hold campaign photos;
 * each employee keeps their own avatar under avatars/<their identity id>/. Group members take
 * their group's role, not the signed-in one, so the owner rule reaches employees outside the
 * groups; Managers see every avatar, Auditors none.
 */
export const storage = defineStorage({
  name: 'storefrontFiles',
  isDefault: true,
  access: (allow) => ({
    'manuals/*': [
      allow.groups(['Managers']).to(['read', 'write', 'delete']),
      allow.groups(['Staff']).to(['read', 'write']),
      allow.groups(['Auditors']).to(['read']),
    ],
    'products/*': [
      allow.groups(['Managers', 'Staff']).to(['read', 'write', 'delete']),
      allow.groups(['Auditors']).to(['read']),
    ],
    'galleries/*': [
      allow.groups(['Managers', 'Staff']).to(['read', 'write', 'delete']),
      allow.groups(['Auditors']).to(['read']),
    ],
    'avatars/{entity_id}/*': [
      allow.entity('identity').to(['read', 'write', 'delete']),
      allow.groups(['Managers']).to(['read', 'delete']),
    ],
  }),
});
