import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import type { DataService } from '../data/index.ts';
import { itemSize } from '../data/dynamodb-limits.ts';
import { BodyTooLargeError, readBody } from '../http-util.ts';
import type { IdentityApi } from '../identity/api.ts';
import type { LocalService, ServiceContext } from '../service.ts';
import { SignatureError, verifySignature } from '../sigv4/verify.ts';
import { DynamoDbError } from './errors.ts';
import { DynamoDbGrants, type PolicyStatement } from './grants.ts';
import { TableReader } from './read-ops.ts';
import { describe, localApiId, modelTables, TableSet, type LocalTable } from './tables.ts';

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
 * DynamoDB's JSON 1.0 API over the models' records (the store the GraphQL API writes), read-only:
 * ListTables, DescribeTable, GetItem, BatchGetItem, Query and Scan, each SigV4-checked and
 * authorized against the caller's IAM statements on the table's ARN.
 */
export function createDynamoDbService(ctx: ServiceContext, identity: IdentityApi, data: DataService): DynamoDbService {
  const store = data.store;
  const tables = new TableSet(modelTables(data.definitions.modelIntrospection, localApiId(store), identity.region));
  const reader = new TableReader(store, tables);
  const grants = new DynamoDbGrants((key) => identity.credentialsFor(key));

  /** Each operation: the tables it touches (for authorization), then its answer. */
  const operations: Record<string, { tables(body: Body): LocalTable[]; run(body: Body): Body }> = {
    ListTables: {
      tables: () => [],
      run: (body) => listTables(tables, body),
    },
    DescribeTable: {
      tables: (body) => [tables.get(body['TableName'])],
      run: (body) => {
        const table = tables.get(body['TableName']);
        return { Table: describe(table, store.count(table.model), tableBytes(store, table)) };
      },
    },
    GetItem: { tables: (body) => [tables.get(body['TableName'])], run: (body) => reader.getItem(body) },
    BatchGetItem: {
      tables: (body) => Object.keys((body['RequestItems'] ?? {}) as object).map((n) => tables.get(n)),
      run: (body) => reader.batchGetItem(body),
    },
    Query: { tables: (body) => [tables.get(body['TableName'])], run: (body) => reader.query(body) },
    Scan: { tables: (body) => [tables.get(body['TableName'])], run: (body) => reader.scan(body) },
  };

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
            `The local DynamoDB serves ${Object.keys(operations).join(', ')}; ${operation} is not served (write records through the GraphQL API)`,
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
        const touched = op.tables(body);
        if (touched.length === 0)
          grants.authorize(key, `dynamodb:${operation}`, `arn:aws:dynamodb:${identity.region}:000000000000:table/*`);
        for (const table of touched) {
          const index = body['IndexName'];
          grants.authorize(
            key,
            `dynamodb:${operation}`,
            typeof index === 'string' ? `${table.arn}/index/${index}` : table.arn,
          );
        }
        send(res, 200, op.run(body));
      } catch (err) {
        if (!(err instanceof DynamoDbError)) throw err;
        ctx.log.debug(`dynamodb ${operation}: ${err.code}: ${err.message}`);
        send(res, err.status, { __type: err.type, message: err.message }, err.code);
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

function listTables(tables: TableSet, body: Body): Body {
  const limit = body['Limit'] === undefined ? 100 : Number(body['Limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new DynamoDbError(
      'ValidationException',
      `1 validation error detected: Value '${String(body['Limit'])}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
    );
  }
  const start = typeof body['ExclusiveStartTableName'] === 'string' ? body['ExclusiveStartTableName'] : '';
  const names = tables.all
    .map((t) => t.name)
    .sort()
    .filter((n) => n > start);
  const page = names.slice(0, limit);
  return { TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
}

/** TableSizeBytes, as DynamoDB counts items (it refreshes the figure every few hours; this one is current). */
function tableBytes(store: DataService['store'], table: LocalTable): number {
  let bytes = 0;
  let after: string | null = null;
  for (;;) {
    const rows = store.page(table.model, after, 1000);
    for (const row of rows) bytes += itemSize(row.item);
    if (rows.length < 1000) return bytes;
    after = rows[rows.length - 1]!.pk;
  }
}
