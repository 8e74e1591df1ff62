import { defineBackend } from '@aws-amplify/backend';
import { Effect, Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { SCANNED_FIELDS, tableVariable } from './functions/orphan-scan/fields';
import { orphanScan } from './functions/orphan-scan/resource';
import { storageEvents } from './functions/storage-events/resource';
import { userAdmin } from './functions/user-admin/resource';
import { definedPaths } from './storage/defined-paths';
import { INVENTORY_FIELDS, INVENTORY_ID, INVENTORY_PREFIX, INVENTORY_SOURCE_PREFIX } from './storage/inventory';
import { storage, storageAccess } from './storage/resource';
import { INCOMPLETE_UPLOAD_DAYS, RETENTION_DAYS } from './storage/retention';

export const backend = defineBackend({
  auth,
  data,
  storage,
  userAdmin,
  orphanScan,
  storageEvents,
});

// The storage trigger may create audit events and nothing else: allow.resource grants every
// mutation, so everything but createAuditEvent is denied (no role may update or delete an event).
backend.storageEvents.resources.lambda.addToRolePolicy(
  new PolicyStatement({
    effect: Effect.DENY,
    actions: ['appsync:GraphQL'],
    notResources: [`${backend.data.resources.graphqlApi.arn}/types/Mutation/fields/createAuditEvent`],
  }),
);
// The orphan scan's allow.resource(...).to(['mutate']) covers every mutation too: it may not change
// or remove an audit event either.
backend.orphanScan.resources.lambda.addToRolePolicy(
  new PolicyStatement({
    effect: Effect.DENY,
    actions: ['appsync:GraphQL'],
    resources: ['updateAuditEvent', 'deleteAuditEvent'].map(
      (field) => `${backend.data.resources.graphqlApi.arn}/types/Mutation/fields/${field}`,
    ),
  }),
);

// A run started from the console names its starter by email: the scan looks the caller up in the
// pool (AppSync passes only the access token's opaque username). The statement lives in the data
// stack with the function's role, which already depends on auth, so no cycle.
backend.orphanScan.resources.lambda.addToRolePolicy(
  new PolicyStatement({
    actions: ['cognito-idp:AdminGetUser'],
    resources: [backend.auth.resources.userPool.userPoolArn],
  }),
);

// The orphan scan reads the tables of the models with file fields, named as Gen 2 names them.
for (const model of new Set(SCANNED_FIELDS.map((f) => f.model))) {
  const table = backend.data.resources.tables[model]!;
  table.grantReadData(backend.orphanScan.resources.lambda);
  backend.orphanScan.addEnvironment(tableVariable(model), table.tableName);
}

// Invite-only: ADMINS create accounts from the console; nobody signs themselves up.
backend.auth.resources.cfnResources.cfnUserPool.adminCreateUserConfig = { allowAdminCreateUserOnly: true };

// Nothing lost: the bucket keeps what is overwritten or deleted for RETENTION_DAYS (restore reads
// old versions and removes delete markers), then lifecycle removes it; unfinished multipart
// uploads are aborted. The escape hatch on the bucket, as Gen 2 apps tune what defineStorage makes.
const { cfnBucket } = backend.storage.resources.cfnResources;
cfnBucket.versioningConfiguration = { status: 'Enabled' };
cfnBucket.lifecycleConfiguration = {
  rules: [
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      noncurrentVersionExpiration: { noncurrentDays: RETENTION_DAYS },
      expiredObjectDeleteMarker: true,
    },
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      abortIncompleteMultipartUpload: { daysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
    },
  ],
};

// S3 Inventory: a daily CSV of the files, into the bucket itself, which the orphan scan reads
// instead of listing every file (it lists only what is newer). S3 writes it as its service
// principal, which the bucket's policy lets put objects under the report prefix only.
cfnBucket.inventoryConfigurations = [
  {
    id: INVENTORY_ID,
    enabled: true,
    includedObjectVersions: 'Current',
    scheduleFrequency: 'Daily',
    prefix: INVENTORY_SOURCE_PREFIX,
    optionalFields: INVENTORY_FIELDS,
    destination: { bucketArn: backend.storage.resources.bucket.bucketArn, format: 'CSV', prefix: INVENTORY_PREFIX },
  },
];
backend.storage.resources.bucket.addToResourcePolicy(
  new PolicyStatement({
    principals: [new ServicePrincipal('s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [backend.storage.resources.bucket.arnForObjects(`${INVENTORY_PREFIX}/*`)],
    conditions: {
      StringEquals: { 'aws:SourceAccount': backend.storage.stack.account },
      ArnLike: { 'aws:SourceArn': backend.storage.resources.bucket.bucketArn },
    },
  }),
);

// ADMINS restore: list versions, read an old version, remove a delete marker. IAM cannot tell a
// delete marker from a version, so s3:DeleteObjectVersion also lets them delete an old version
// for good; it is limited to the paths defineStorage defines (all of them, read from its access
// definition, so a new path is restorable too), and no other role gets any of these.
const { bucket } = backend.storage.resources;
const RESTORABLE_PATHS = definedPaths(storageAccess);
backend.auth.resources.groups['ADMINS']!.role.attachInlinePolicy(
  new Policy(backend.storage.stack, 'AdminsRestorePolicy', {
    statements: [
      new PolicyStatement({
        actions: ['s3:ListBucketVersions'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': RESTORABLE_PATHS.flatMap((p) => [p, p.slice(0, -1)]) } },
      }),
      new PolicyStatement({
        actions: ['s3:GetObjectVersion', 's3:DeleteObjectVersion'],
        resources: RESTORABLE_PATHS.map((p) => bucket.arnForObjects(p)),
      }),
    ],
  }),
);
