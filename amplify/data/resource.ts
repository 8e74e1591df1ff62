import { type ClientSchema, a, defineData } from '@aws-amplify/backend';

/*
 * Role table (docs/architecture.md, section 2): everyone signed in reads; ADMINS and OPERATORS
 * create and edit (attach, replace, detach files); only ADMINS delete records. The public app
 * these records belong to keeps read access with the API key.
 *
 * Optimistic concurrency needs no extra field: every write sets `updatedAt`, and the console sends
 * `condition: { updatedAt: { eq: <the value it showed> } }` with updates that change file paths.
 */
const schema = a.schema({
  Song: a
    .model({
      id: a.id().required(),
      name: a.string().required(),
      coverArtPath: a.string(),
    })
    .authorization((allow) => [
      allow.publicApiKey().to(['read']),
      allow.groups(['ADMINS']).to(['create', 'read', 'update', 'delete']),
      allow.groups(['OPERATORS']).to(['create', 'read', 'update']),
      allow.groups(['VIEWERS']).to(['read']),
    ]),
  PhotoAlbum: a
    .model({
      id: a.id().required(),
      name: a.string().required(),
      imagePaths: a.string().array(),
    })
    .authorization((allow) => [
      allow.publicApiKey().to(['read']),
      allow.groups(['ADMINS']).to(['create', 'read', 'update', 'delete']),
      allow.groups(['OPERATORS']).to(['create', 'read', 'update']),
      allow.groups(['VIEWERS']).to(['read']),
    ]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: {
      expiresInDays: 30,
    },
  },
});
