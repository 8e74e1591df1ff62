import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import type { DataService } from '../data/index.ts';
import { BodyTooLargeError, readBody } from '../http-util.ts';
import type { IdentityApi } from '../identity/api.ts';
import type { LocalService, ServiceContext } from '../service.ts';
import { SignatureError, verifySignature } from '../sigv4/verify.ts';
import { DynamoDbError } from './errors.ts';
import { DynamoDbGrants, type PolicyStatement } from './grants.ts';
import { operationTable } from './operations.ts';
import { ACCOUNT, localApiId, modelTables, TableSet } from './tables.ts';

export const TARGET_PREFIX = 'DynamoDB_20120810.';
/** DynamoDB's largest request (a BatchWriteItem of 25 × 400 KB, with room). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

type Body = Record<string, unknown>;

export interface DynamoDbService {
  service: LocalService;
  tables: TableSet;
  /** Lets a role's credentials call what its policy statements allow (a function's execution role). */
  grant(creds: Parameters<DynamoDbGrants['add']>[0]['creds'], principal: string, statements: PolicyStatement[]): void;
}

/**
 * DynamoDB's JSON 1.0 API over the models' records (the store the GraphQL API writes): ListTables,
 * DescribeTable, GetItem, BatchGetItem, Query, Scan, PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem and TransactWriteItems, each SigV4-checked and authorized against the caller's
 * IAM statements on the table's ARN.
 */
export function createDynamoDbService(ctx: ServiceContext, identity: IdentityApi, data: DataService): DynamoDbService {
  const store = data.store;
  const tables = new TableSet(modelTables(data.definitions.modelIntrospection, localApiId(store), identity.region));
  const grants = new DynamoDbGrants((key) => identity.credentialsFor(key));
  const operations = operationTable(store, tables);

  const service: LocalService = {
    name: 'dynamodb',
    claims: (req) => req.method === 'POST' && String(req.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX),
    async handle(req: IncomingMessage, res: ServerResponse) {
      const operation = String(req.headers['x-amz-target']).slice(TARGET_PREFIX.length);
      try {
        let text: string;
        try {
          text = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
        } catch (err) {
          if (err instanceof BodyTooLargeError)
            throw new DynamoDbError('ValidationException', 'Request size exceeded 16777216 bytes', 413);
          throw err;
        }
        const signed = await verifySignature(
          'dynamodb',
          { method: 'POST', url: req.url ?? '/', headers: req.headers, body: text },
          (k) => grants.credentials(k),
        ).catch((err: unknown) => {
          if (err instanceof SignatureError) throw new DynamoDbError(err.code, err.message, err.status);
          throw err;
        });
        const op = operations[operation];
        if (!op) {
          throw new DynamoDbError(
            'UnknownOperationException',
            `The local DynamoDB serves ${Object.keys(operations).join(', ')}; ${operation} is not served`,
          );
        }
        let body: Body;
        try {
          body = JSON.parse(text || '{}') as Body;
          if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
        } catch {
          throw new DynamoDbError('SerializationException', 'Start of structure or map found where not expected.');
        }
        const key = signed.creds.accessKeyId;
        for (const { action, table, index } of op.access(body)) {
          const resource = table
            ? `${table.arn}${index === undefined ? '' : `/index/${index}`}`
            : `arn:aws:dynamodb:${identity.region}:${ACCOUNT}:table/*`;
          grants.authorize(key, `dynamodb:${action}`, resource);
        }
        send(res, 200, op.run(body));
      } catch (err) {
        if (!(err instanceof DynamoDbError)) throw err;
        ctx.log.debug(`dynamodb ${operation}: ${err.code}: ${err.message}`);
        send(res, err.status, { __type: err.type, message: err.message, ...err.extra }, err.code);
      }
    },
  };

  return {
    service,
    tables,
    grant: (creds, principal, statements) => grants.add({ creds, principal, statements }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorCode?: string): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': text.length,
    'x-amzn-requestid': randomUUID(),
    // DynamoDB's checksum of the body, which its SDKs may verify.
    'x-amz-crc32': String(crc32(text)),
    ...(errorCode ? { 'x-amzn-errortype': `${errorCode}:` } : {}),
  });
  res.end(text);
}
