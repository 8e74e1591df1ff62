import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { TestBackend } from '../testing/test-backend.ts';
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
