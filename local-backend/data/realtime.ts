import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import type { IdentityApi } from '../identity/api.ts';
import type { ApiKeys } from './api-keys.ts';
import { access, allows, modesOf } from './auth-rules.ts';
import { authenticate, type Caller } from './caller.ts';
import type { FunctionApiRoles } from './function-api-roles.ts';
import { formatExecutionError, formatValidationError } from './errors.ts';
import { matches } from './filters.ts';
import { checkDocumentSize, checkQueryDepth, formatDepthError } from './graphql-limits.ts';
import type { AuthMode, Operation } from './models.ts';
import { RealtimeConnection } from './realtime-connection.ts';
import { MAX_MESSAGE_BYTES } from './realtime-limits.ts';
import type { StartPayload } from './realtime-protocol.ts';
import type { ExecutionContext } from './resolvers.ts';
import type { Item } from './store.ts';

/** The GraphQL endpoint's path (index.ts GRAPHQL_PATH): what IAM signatures of realtime messages cover. */
const GRAPHQL_URL_PATH = '/graphql';

interface Subscription {
  id: string;
  connection: RealtimeConnection<Subscription>;
  caller: Caller;
  document: DocumentNode;
  variables: Record<string, unknown>;
  field: string;
  op: Extract<Operation, { kind: 'subscribe' }>;
  filter: Record<string, unknown> | undefined;
}

export interface RealtimeDeps {
  schema: GraphQLSchema;
  operations: Map<string, Operation>;
  apiKeys: ApiKeys;
  identity: IdentityApi;
  defaultMode: AuthMode;
  log: Logger;
  /** Functions' execution roles (allow.resource), which may sign too. */
  roles?: FunctionApiRoles;
}

/**
 * The AppSync realtime protocol (subprotocol `graphql-ws`) as aws-amplify speaks it:
 * connection_init → connection_ack {connectionTimeoutMs}, ka, start (with its own authorization)
 * → start_ack | error, data, stop → complete. Each socket is a RealtimeConnection (order, limits).
 */
export class RealtimeHub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });
  private readonly connections = new Set<RealtimeConnection<Subscription>>();

  constructor(private readonly deps: RealtimeDeps) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const connectionHeaders = connectionAuth(req);
    const connection = new RealtimeConnection<Subscription>(ws, {
      log: this.deps.log,
      // An IAM-signed connection signs POST <graphql url>/connect with the body {}.
      authenticate: () =>
        authenticate(
          connectionHeaders ?? {},
          this.deps.apiKeys,
          this.deps.identity,
          {
            method: 'POST',
            path: `${GRAPHQL_URL_PATH}/connect`,
            body: '{}',
          },
          this.deps.roles,
        ),
      register: (conn, id, payload) => this.start(conn, id, payload),
      forget: (conn) => this.connections.delete(conn),
    });
    this.connections.add(connection);
  }

  /** Registers a subscription; returns the errors to send instead of start_ack, if any. */
  private async start(
    connection: RealtimeConnection<Subscription>,
    id: string,
    payload: StartPayload,
  ): Promise<Record<string, unknown>[] | null> {
    // An IAM-signed subscription signs POST <graphql url> with payload.data as the body.
    const caller = await authenticate(
      payload.extensions?.authorization ?? {},
      this.deps.apiKeys,
      this.deps.identity,
      {
        method: 'POST',
        path: GRAPHQL_URL_PATH,
        body: payload.data,
      },
      this.deps.roles,
    );
    let request: { query?: string; variables?: Record<string, unknown> };
    try {
      request = JSON.parse(payload.data);
    } catch {
      return [{ errorType: 'BadRequestException', message: 'payload.data is not a JSON document' }];
    }
    const size = checkDocumentSize(request.query ?? '');
    if ('error' in size) return [{ errorType: 'MalformedHttpRequestException', message: size.error.message }];
    let document: DocumentNode;
    try {
      document = parse(request.query ?? '');
    } catch (err) {
      return [{ errorType: 'MalformedHttpRequestException', message: (err as GraphQLError).message }];
    }
    const invalid = validate(this.deps.schema, document);
    if (invalid.length) return invalid.map(formatValidationError);
    const tooDeep = checkQueryDepth(document);
    if (tooDeep) return [formatDepthError(tooDeep)];
    const operation = getOperationAST(document) as OperationDefinitionNode | null;
    const selections = operation?.selectionSet.selections ?? [];
    const fieldNode = selections[0];
    if (operation?.operation !== 'subscription' || selections.length !== 1 || fieldNode?.kind !== 'Field') {
      return [{ errorType: 'BadRequestException', message: 'Send exactly one subscription field per start message' }];
    }
    const subscriptionType = this.deps.schema.getSubscriptionType()!;
    const field = subscriptionType.getFields()[fieldNode.name.value]!;
    const op = this.deps.operations.get(`${subscriptionType.name}.${field.name}`);
    if (!op || op.kind !== 'subscribe')
      return [{ errorType: 'BadRequestException', message: `${field.name} is not a model subscription` }];
    const unauthorized = [
      { errorType: 'Unauthorized', message: `Not Authorized to access ${field.name} on type ${subscriptionType.name}` },
    ];
    if (!modesOf(subscriptionType, field, this.deps.defaultMode).has(caller.mode)) return unauthorized;
    if (caller.role && !caller.role.mayCall(subscriptionType.name, field.name)) return unauthorized;
    if (!access(op.model.rules, caller, 'listen')) return unauthorized;
    const coerced = getVariableValues(this.deps.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return coerced.errors.map(formatValidationError);
    const args = getArgumentValues(field, fieldNode, coerced.coerced);
    connection.subscriptions.set(id, {
      id,
      connection,
      caller,
      document,
      variables: request.variables ?? {},
      field: field.name,
      op,
      filter: args['filter'] as Record<string, unknown> | undefined,
    });
    return null;
  }

  /** Delivers a mutation's record to the subscriptions it triggers and whose callers may read it. */
  publish(mutation: string, item: Item): void {
    for (const connection of this.connections) {
      for (const sub of connection.subscriptions.values()) {
        if (!sub.op.mutations.includes(mutation)) continue;
        if (!allows(access(sub.op.model.rules, sub.caller, 'listen'), item)) continue;
        if (!matches(item, sub.filter)) continue;
        void this.deliver(sub, item);
      }
    }
  }

  private async deliver(sub: Subscription, item: Item): Promise<void> {
    const context: ExecutionContext = { caller: sub.caller, publish: () => undefined };
    const result = await execute({
      schema: this.deps.schema,
      document: sub.document,
      rootValue: { [sub.field]: item },
      variableValues: sub.variables,
      contextValue: context,
    });
    const errors = result.errors?.length ? { errors: result.errors.map(formatExecutionError) } : {};
    sub.connection.send({ type: 'data', id: sub.id, payload: { data: result.data ?? null, ...errors } });
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** The connection's auth: `header-<base64url JSON>` subprotocol (current clients) or `?header=` (older ones). */
function connectionAuth(req: IncomingMessage): Record<string, string> | undefined {
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith('header-'))?.slice('header-'.length);
  const fromQuery = new URL(req.url ?? '/', 'http://local').searchParams.get('header') ?? undefined;
  const encoded = fromProtocol ?? fromQuery;
  if (!encoded) return undefined;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}
