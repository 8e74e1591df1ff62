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
import { formatExecutionError, formatValidationError, RequestError } from './errors.ts';
import { matches } from './filters.ts';
import type { AuthMode, Operation } from './models.ts';
import type { ExecutionContext } from './resolvers.ts';
import type { Item } from './store.ts';

/** Told to the client in connection_ack: it reconnects when no `ka` came for this long. */
/** The GraphQL endpoint's path (index.ts GRAPHQL_PATH): what IAM signatures of realtime messages cover. */
const GRAPHQL_URL_PATH = '/graphql';
const CONNECTION_TIMEOUT_MS = 300_000;
const KEEP_ALIVE_MS = 60_000;

interface Subscription {
  id: string;
  socket: WebSocket;
  caller: Caller;
  document: DocumentNode;
  variables: Record<string, unknown>;
  field: string;
  op: Extract<Operation, { kind: 'subscribe' }>;
  filter: Record<string, unknown> | undefined;
}

interface StartPayload {
  data?: string;
  extensions?: { authorization?: Record<string, string> };
}

export interface RealtimeDeps {
  schema: GraphQLSchema;
  operations: Map<string, Operation>;
  apiKeys: ApiKeys;
  identity: IdentityApi;
  defaultMode: AuthMode;
  log: Logger;
}

/**
 * The AppSync realtime protocol (subprotocol `graphql-ws`) as aws-amplify speaks it:
 * connection_init → connection_ack {connectionTimeoutMs}, ka, start (with its own authorization)
 * → start_ack | error, data, stop → complete.
 */
export class RealtimeHub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });
  private readonly connections = new Map<WebSocket, Map<string, Subscription>>();

  constructor(private readonly deps: RealtimeDeps) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const subs = new Map<string, Subscription>();
    this.connections.set(ws, subs);
    const connectionHeaders = connectionAuth(req);
    let ready = false;
    let keepAlive: NodeJS.Timeout | undefined;
    const send = (msg: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    ws.on('close', () => {
      clearInterval(keepAlive);
      this.connections.delete(ws);
    });
    ws.on('message', (raw) => {
      let msg: { type?: string; id?: string; payload?: StartPayload };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        send({
          type: 'error',
          payload: { errors: [{ errorType: 'MalformedMessage', message: 'Message is not JSON' }] },
        });
        return;
      }
      if (msg.type === 'connection_init') {
        // An IAM-signed connection signs POST <graphql url>/connect with the body {}.
        authenticate(connectionHeaders ?? {}, this.deps.apiKeys, this.deps.identity, {
          method: 'POST',
          path: `${GRAPHQL_URL_PATH}/connect`,
          body: '{}',
        }).then(
          () => {
            ready = true;
            send({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
            send({ type: 'ka' });
            keepAlive = setInterval(() => send({ type: 'ka' }), KEEP_ALIVE_MS);
            keepAlive.unref();
          },
          (err: Error) => {
            const status = err instanceof RequestError ? err.status : 500;
            const errorType = err instanceof RequestError ? err.errorType : 'InternalFailure';
            send({
              type: 'connection_error',
              payload: { errors: [{ errorType, message: err.message, errorCode: status }] },
            });
            ws.close(1000);
          },
        );
      } else if (msg.type === 'start' && msg.id) {
        const id = msg.id;
        if (!ready) {
          send({
            type: 'error',
            id,
            payload: { errors: [{ errorType: 'BadRequestException', message: 'Send connection_init first' }] },
          });
          return;
        }
        this.start(ws, subs, id, msg.payload ?? {}).then(
          (errors) => send(errors ? { type: 'error', id, payload: { errors } } : { type: 'start_ack', id }),
          (err: Error) => {
            const errorType = err instanceof RequestError ? err.errorType : 'InternalFailure';
            send({ type: 'error', id, payload: { errors: [{ errorType, message: err.message }] } });
          },
        );
      } else if (msg.type === 'stop' && msg.id) {
        subs.delete(msg.id);
        send({ type: 'complete', id: msg.id });
      }
    });
  }

  /** Registers a subscription; returns the errors to send instead of start_ack, if any. */
  private async start(
    ws: WebSocket,
    subs: Map<string, Subscription>,
    id: string,
    payload: StartPayload,
  ): Promise<unknown[] | null> {
    if (subs.has(id)) return [{ errorType: 'BadRequestException', message: `Subscription id ${id} is already in use` }];
    // An IAM-signed subscription signs POST <graphql url> with payload.data as the body.
    const caller = await authenticate(payload.extensions?.authorization ?? {}, this.deps.apiKeys, this.deps.identity, {
      method: 'POST',
      path: GRAPHQL_URL_PATH,
      body: payload.data ?? '',
    });
    let request: { query?: string; variables?: Record<string, unknown> };
    try {
      request = JSON.parse(payload.data ?? '');
    } catch {
      return [{ errorType: 'BadRequestException', message: 'payload.data is not a JSON document' }];
    }
    let document: DocumentNode;
    try {
      document = parse(request.query ?? '');
    } catch (err) {
      return [{ errorType: 'MalformedHttpRequestException', message: (err as GraphQLError).message }];
    }
    const invalid = validate(this.deps.schema, document);
    if (invalid.length) return invalid.map(formatValidationError);
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
    if (!access(op.model.rules, caller, 'listen')) return unauthorized;
    const coerced = getVariableValues(this.deps.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return coerced.errors.map(formatValidationError);
    const args = getArgumentValues(field, fieldNode, coerced.coerced);
    subs.set(id, {
      id,
      socket: ws,
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
    for (const subs of this.connections.values()) {
      for (const sub of subs.values()) {
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
    const payload: Record<string, unknown> = { data: result.data ?? null };
    if (result.errors?.length) payload['errors'] = result.errors.map(formatExecutionError);
    if (sub.socket.readyState === sub.socket.OPEN)
      sub.socket.send(JSON.stringify({ id: sub.id, type: 'data', payload }));
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
