import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import { RequestError } from './errors.ts';
import {
  CONNECTION_INIT_TIMEOUT_MS,
  CONNECTION_TIMEOUT_MS,
  KEEP_ALIVE_MS,
  MAX_BACKLOG_BYTES,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
} from './realtime-limits.ts';
import {
  CloseCode,
  errorMessage,
  parseClientMessage,
  type ClientMessage,
  type ServerMessage,
  type StartPayload,
} from './realtime-protocol.ts';

/** What a connection needs from the hub that serves it. */
export interface ConnectionHost<S> {
  log: Logger;
  /** Verifies the credentials the socket was opened with (connection_init); rejects with a RequestError. */
  authenticate(): Promise<unknown>;
  /** Registers a subscription on the connection; the errors to answer instead of start_ack, if any. */
  register(
    connection: RealtimeConnection<S>,
    id: string,
    payload: StartPayload,
  ): Promise<Record<string, unknown>[] | null>;
  /** The socket is gone. */
  forget(connection: RealtimeConnection<S>): void;
}

/**
 * One realtime socket: the protocol's order (connection_init first), its limits (init timeout,
 * subscriptions per connection, backlog) and its subscriptions. Anything wrong with one socket
 * closes that socket only.
 */
export class RealtimeConnection<S> {
  readonly subscriptions = new Map<string, S>();
  private state: 'waiting' | 'initializing' | 'ready' = 'waiting';
  private readonly starting = new Set<string>();
  private readonly initTimer: NodeJS.Timeout;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: ConnectionHost<S>,
  ) {
    this.initTimer = setTimeout(
      () => ws.close(CloseCode.policyViolation, `connection_init not received within ${CONNECTION_INIT_TIMEOUT_MS} ms`),
      CONNECTION_INIT_TIMEOUT_MS,
    );
    this.initTimer.unref();
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    // Frame errors (too big, bad opcode, invalid UTF-8): ws has already closed this socket with the code.
    ws.on('error', (err) => host.log.debug(`realtime socket closed: ${err.message}`));
    ws.on('close', () => {
      clearTimeout(this.initTimer);
      clearInterval(this.keepAlive);
      host.forget(this);
    });
  }

  send(message: ServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(message));
    if (this.ws.bufferedAmount > MAX_BACKLOG_BYTES) {
      // A close frame would queue behind what the client is not reading: drop the socket.
      this.host.log.warn(`realtime client not reading (${this.ws.bufferedAmount} bytes queued): connection dropped`);
      this.ws.terminate();
    }
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.ws.close(CloseCode.unsupportedData, 'The realtime protocol is JSON text; binary frames are not accepted');
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if ('error' in parsed) return this.send(parsed.error);
    this.handle(parsed.message);
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'connection_init':
        return this.init();
      case 'start':
        return this.start(message.id, message.payload);
      case 'stop':
        this.subscriptions.delete(message.id);
        return this.send({ type: 'complete', id: message.id });
    }
  }

  private init(): void {
    if (this.state !== 'waiting')
      return this.send(errorMessage('BadRequestException', 'connection_init was already sent'));
    this.state = 'initializing';
    clearTimeout(this.initTimer);
    this.host.authenticate().then(
      () => {
        this.state = 'ready';
        this.send({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
        this.send({ type: 'ka' });
        this.keepAlive = setInterval(() => this.send({ type: 'ka' }), KEEP_ALIVE_MS);
        this.keepAlive.unref();
      },
      (err: Error) => {
        const status = err instanceof RequestError ? err.status : 500;
        const errorType = err instanceof RequestError ? err.errorType : 'InternalFailure';
        this.send({
          type: 'connection_error',
          payload: { errors: [{ errorType, message: err.message, errorCode: status }] },
        });
        this.ws.close(CloseCode.normal);
      },
    );
  }

  private start(id: string, payload: StartPayload): void {
    if (this.state !== 'ready') return this.send(errorMessage('BadRequestException', 'Send connection_init first', id));
    if (this.subscriptions.has(id) || this.starting.has(id)) {
      return this.send(errorMessage('DuplicatedOperationError', `Duplicated operation with id ${id}`, id));
    }
    // Starts still being authorized count too: a burst of start messages cannot pass the quota.
    if (this.subscriptions.size + this.starting.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return this.send(
        errorMessage(
          'MaxSubscriptionsReachedError',
          `Max number of ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions reached`,
          id,
        ),
      );
    }
    this.starting.add(id);
    this.host
      .register(this, id, payload)
      .then(
        (errors): ServerMessage => (errors ? { type: 'error', id, payload: { errors } } : { type: 'start_ack', id }),
        (err: Error): ServerMessage => {
          const errorType = err instanceof RequestError ? err.errorType : 'InternalFailure';
          return errorMessage(errorType, err.message, id);
        },
      )
      .then((answer) => {
        this.starting.delete(id);
        this.send(answer);
      });
  }
}
