import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { BodyTooLargeError, readBody, sendJson } from '../http-util.ts';
import type { IdentityApi } from '../identity/api.ts';
import type { ApiKeys } from './api-keys.ts';
import { authenticate } from './caller.ts';
import type { FunctionApiRoles } from './function-api-roles.ts';
import { formatExecutionError, formatSyntaxError, formatValidationError, requestId, RequestError } from './errors.ts';
import { checkDocumentSize, checkQueryDepth, formatDepthError } from './graphql-limits.ts';
import { sendGraphqlPaced } from './paced-response.ts';
import { Pacer, validatePaced } from './pacer.ts';
import type { ExecutionContext } from './resolvers.ts';
import type { Item } from './store.ts';

/** AppSync refuses request bodies above this size; no record could be that large anyway (DynamoDB: 400 KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface GraphqlDeps {
  schema: GraphQLSchema;
  apiKeys: ApiKeys;
  identity: IdentityApi;
  publish(mutation: string, item: Item): void;
  /** Functions' execution roles (allow.resource), which may sign too. */
  roles?: FunctionApiRoles;
}

/** POST /graphql as AppSync answers it. */
export async function handleGraphql(deps: GraphqlDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = { 'x-amzn-requestid': requestId() };
  try {
    if (req.method !== 'POST') {
      req.resume();
      throw new RequestError(405, 'MalformedHttpRequestException', `${req.method} is not supported; send a POST.`);
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        throw new RequestError(
          413,
          'PayloadTooLargeException',
          `The request body exceeds the maximum allowed size of ${MAX_BODY_BYTES} bytes.`,
        );
      }
      throw err;
    }
    const caller = await authenticate(
      req.headers,
      deps.apiKeys,
      deps.identity,
      {
        method: 'POST',
        path: (req.url ?? '/').split('?')[0]!,
        body: raw,
      },
      deps.roles,
    );
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new RequestError(
        400,
        'MalformedHttpRequestException',
        `Unable to parse JSON document: ${(err as Error).message}`,
      );
    }
    if (!body || typeof body !== 'object' || typeof body.query !== 'string') {
      throw new RequestError(
        400,
        'MalformedHttpRequestException',
        'The request body must be a JSON object with a "query" string.',
      );
    }
    if (
      body.variables !== undefined &&
      body.variables !== null &&
      (typeof body.variables !== 'object' || Array.isArray(body.variables))
    ) {
      throw new RequestError(400, 'MalformedHttpRequestException', '"variables" must be a JSON object.');
    }
    const size = checkDocumentSize(body.query);
    if ('error' in size) return sendJson(res, 400, { data: null, errors: [formatSyntaxError(size.error)] }, headers);
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (err) {
      return sendJson(res, 400, { data: null, errors: [formatSyntaxError(err as GraphQLError)] }, headers);
    }
    const pacer = new Pacer();
    const invalid = await validatePaced(deps.schema, document, size.tokens, pacer);
    if (invalid.length) return sendJson(res, 200, { data: null, errors: invalid.map(formatValidationError) }, headers);
    const tooDeep = checkQueryDepth(document);
    if (tooDeep) return sendJson(res, 200, { data: null, errors: [formatDepthError(tooDeep)] }, headers);
    const operation = document.definitions.find(
      (d) => d.kind === 'OperationDefinition' && (!body.operationName || d.name?.value === body.operationName),
    );
    if (operation?.kind === 'OperationDefinition' && operation.operation === 'subscription') {
      throw new RequestError(
        400,
        'BadRequestException',
        'Subscriptions are served over the realtime WebSocket endpoint only.',
      );
    }
    const context: ExecutionContext = { caller, publish: deps.publish, pacer };
    const result = await execute({
      schema: deps.schema,
      document,
      variableValues: (body.variables ?? {}) as Record<string, unknown>,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
      contextValue: context,
    });
    if (result.data === undefined && result.errors) {
      // Variable coercion and operation selection fail before any resolver runs.
      return sendJson(res, 200, { data: null, errors: result.errors.map(formatValidationError) }, headers);
    }
    const errors = result.errors?.length ? { errors: result.errors.map(formatExecutionError) } : {};
    await sendGraphqlPaced(res, 200, { data: result.data ?? null, ...errors }, headers, pacer);
  } catch (err) {
    if (err instanceof RequestError) {
      // After a refused oversized body the rest of it is still in flight: do not reuse the connection.
      const close: Record<string, string> = err.status === 413 ? { connection: 'close' } : {};
      sendJson(res, err.status, err.body(), { ...headers, ...close, 'x-amzn-errortype': err.errorType });
      return;
    }
    throw err;
  }
}
