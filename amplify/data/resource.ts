import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { orphanScan } from '../functions/orphan-scan/resource';
import { storageEvents } from '../functions/storage-events/resource';
import { userAdmin } from '../functions/user-admin/resource';

/*
 * Role table (docs/architecture.md, section 2): everyone signed in reads; ADMINS and OPERATORS
 * create and edit (attach, replace, detach files); only ADMINS delete records. The public app
 * these records belong to keeps read access with the API key.
 *
 * Optimistic concurrency needs no extra field: every write sets `updatedAt`, and the console sends
 * `condition: { updatedAt: { eq: <the value it showed> } }` with updates that change file paths.
 */
const schema = a
  .schema({
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

    /*
     * The audit trail: one append-only event per change the console makes, and one per object
     * event of the bucket (storage_write / storage_remove, recorded by the storage-events trigger
     * with its role, actor `storage::<S3's principal id>`, which only ADMINS read; its role may
     * create events and nothing else). `actor` is the owner field: AppSync sets it from the
     * caller's token and refuses a create naming anyone else; it holds `<sub>::<username>`, Gen
     * 2's owner value (the username is the sub, for this email-login pool: the value the Users
     * page lists). Everyone reads their own events, ADMINS read all; no rule grants update or
     * delete, so no role can change or remove one. `feed` is the same for every event (the console writes 'all'): the
     * partition of the index that lists them all by time. `paths` (the files touched, a JSON list)
     * and `before`/`after` are JSON, not strings: the console's file-field discovery reads String
     * fields only, so an event never counts as a record that references a file.
     */
    AuditAction: a.enum([
      'attach',
      'replace',
      'detach',
      'delete',
      'restore',
      'cleanup',
      'user_invite',
      'user_role',
      'user_disable',
      'user_enable',
      'user_remove',
      // An object written or removed in the bucket, by anyone (the storage-events trigger records it).
      'storage_write',
      'storage_remove',
    ]),
    AuditEvent: a
      .model({
        id: a.id().required(),
        feed: a.string().required(),
        at: a.datetime().required(),
        actor: a.string(),
        action: a.ref('AuditAction').required(),
        model: a.string(),
        recordId: a.string(),
        field: a.string(),
        paths: a.json(),
        before: a.json(),
        after: a.json(),
        jobId: a.string(),
        result: a.string(),
      })
      .secondaryIndexes((index) => [index('feed').sortKeys(['at']).queryField('listAuditEventsByTime')])
      .authorization((allow) => [
        allow.ownerDefinedIn('actor').to(['create', 'read']),
        allow.groups(['ADMINS']).to(['read']),
      ]),

    /*
     * The server-side orphan scan's runs (amplify/functions/orphan-scan): who or what started one,
     * how far it is, and what it found. Every role reads them (the console follows a run live);
     * only the function writes them, with its role (the schema's allow.resource below). `feed` is
     * 'all' for every run: the partition of the index that lists them newest first. Where the report
     * lies and its totals are JSON, not strings, so file-field discovery never takes a run for a
     * record that references files.
     */
    ScanRunStatus: a.enum(['running', 'done', 'failed']),
    ScanRun: a
      .model({
        id: a.id().required(),
        feed: a.string().required(),
        startedAt: a.datetime().required(),
        /** The username of whoever started it, or 'schedule'. */
        startedBy: a.string().required(),
        status: a.ref('ScanRunStatus').required(),
        finishedAt: a.datetime(),
        recordsRead: a.integer(),
        objectsListed: a.integer(),
        orphans: a.integer(),
        dangling: a.integer(),
        shared: a.integer(),
        /** { prefix, summaryKey } of the report in storage, once written. */
        report: a.json(),
        /** The summary's totals (per prefix, field and model), once done. */
        totals: a.json(),
        error: a.string(),
      })
      .secondaryIndexes((index) => [index('feed').sortKeys(['startedAt']).queryField('listScanRunsByTime')])
      .authorization((allow) => [allow.groups(['ADMINS', 'OPERATORS', 'VIEWERS']).to(['read'])]),
    /** Starts a server-side orphan scan now; the run appears as a ScanRun (the call returns at once). */
    startOrphanScan: a
      .mutation()
      .authorization((allow) => [allow.groups(['ADMINS', 'OPERATORS'])])
      .handler(a.handler.function(orphanScan).async()),

    /*
     * Operator management: ADMINS only, each handled by the user-admin function (Cognito's admin
     * API). Roles are plain strings so an unknown one gets the handler's clear message.
     */
    ManagedUser: a.customType({
      username: a.string().required(),
      email: a.string(),
      status: a.string(),
      role: a.string(),
      enabled: a.boolean().required(),
      createdAt: a.datetime(),
    }),
    UserPage: a.customType({
      users: a.ref('ManagedUser').required().array().required(),
      nextToken: a.string(),
    }),
    listUsers: a
      .query()
      .arguments({ search: a.string(), limit: a.integer(), nextToken: a.string() })
      .returns(a.ref('UserPage').required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
    inviteUser: a
      .mutation()
      .arguments({ email: a.string().required(), role: a.string().required() })
      .returns(a.ref('ManagedUser').required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
    setUserRole: a
      .mutation()
      .arguments({ username: a.string().required(), role: a.string().required() })
      .returns(a.ref('ManagedUser').required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
    disableUser: a
      .mutation()
      .arguments({ username: a.string().required() })
      .returns(a.ref('ManagedUser').required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
    enableUser: a
      .mutation()
      .arguments({ username: a.string().required() })
      .returns(a.ref('ManagedUser').required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
    removeUser: a
      .mutation()
      .arguments({ username: a.string().required() })
      .returns(a.string().required())
      .authorization((allow) => [allow.groups(['ADMINS'])])
      .handler(a.handler.function(userAdmin)),
  })
  // The orphan scan records its runs through the API with its own role; the storage trigger
  // records object events (backend.ts narrows its mutations to createAuditEvent).
  .authorization((allow) => [
    allow.resource(orphanScan).to(['query', 'mutate']),
    allow.resource(storageEvents).to(['mutate']),
  ]);

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
