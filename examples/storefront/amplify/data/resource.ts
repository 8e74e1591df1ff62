import { type ClientSchema, a, defineData } from '@aws-amplify/backend';

const schema = a.schema({
  /** A catalogue entry: one PDF manual (manuals/) and its photos (products/<id>/). */
  Product: a
    .model({
      name: a.string().required(),
      sku: a.string().required(),
      price: a.float(),
      inStock: a.boolean(),
      manualPath: a.string(),
      imageKeys: a.string().array(),
    })
    .authorization((allow) => [
      allow.groups(['Managers']).to(['create', 'read', 'update', 'delete']),
      allow.groups(['Staff']).to(['create', 'read', 'update']),
      allow.groups(['Auditors']).to(['read']),
    ]),
  /** Campaign photos, in the order shown (galleries/<id>/). */
  Gallery: a
    .model({
      title: a.string().required(),
      publishedOn: a.date(),
      photoPaths: a.string().array(),
    })
    .authorization((allow) => [
      allow.groups(['Managers', 'Staff']).to(['create', 'read', 'update', 'delete']),
      allow.groups(['Auditors']).to(['read']),
    ]),
  /** A person's own profile; the avatar lives in their own folder, avatars/<identity id>/. */
  Employee: a
    .model({
      displayName: a.string().required(),
      department: a.enum(['Sales', 'Warehouse', 'Office']),
      avatarPath: a.string(),
    })
    .authorization((allow) => [
      allow.owner(),
      allow.groups(['Managers']).to(['read', 'update', 'delete']),
      allow.groups(['Auditors']).to(['read']),
    ]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: { defaultAuthorizationMode: 'userPool' },
});
