import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import type { DynamoDbService } from './index.ts';

/** What CDK's grantReadWriteData gives a function on a table (read, write and DescribeTable). */
export const READ_WRITE = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
];
/** What grantWriteData gives: no reads, no ConditionCheckItem. */
export const WRITE_ONLY = [
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
];

/** A function's clients: a role of its own whose policy allows `actions` on the models' tables. */
export function functionClients(backend: TestBackend, actions: string[], models = ['Song']) {
  const dynamodb = backend.dynamodb as DynamoDbService;
  const principal = `writer-${randomUUID().slice(0, 8)}/test`;
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  const resources = models.map((m) => dynamodb.tables.byModel(m)!.arn);
  dynamodb.grant(creds, principal, [{ actions, resources }]);
  const client = new DynamoDBClient({
    endpoint: backend.baseUrl,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
  });
  return { client, doc: DynamoDBDocumentClient.from(client) };
}

/** A backend of its own for a test file, its Song table's name and a read-write function's clients. */
export function songTableFixture() {
  const fx = {} as { backend: TestBackend; Song: string; clients: ReturnType<typeof functionClients> };
  before(async () => {
    fx.backend = await startTestBackend({ seed: false });
    fx.Song = fx.backend.dynamodb!.tables.byModel('Song')!.name;
    fx.clients = functionClients(fx.backend, READ_WRITE);
  });
  after(() => fx.backend.stop());
  return fx;
}

export const CREATED_AT = '2026-12-06T10:00:00.000Z';

/** A Song record as the GraphQL API stores one. */
export const song = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Song ${id.slice(0, 4)}`,
  __typename: 'Song',
  createdAt: CREATED_AT,
  updatedAt: CREATED_AT,
  ...extra,
});
