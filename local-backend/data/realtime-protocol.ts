/**
 * The AppSync realtime protocol (subprotocol `graphql-ws`) as one typed union each way, and the
 * check that turns a received text frame into a client message or the error AppSync answers.
 */

/**
 * An entry of `payload.errors` in connection_error and error messages (a GraphQL validation error
 * of the start's document adds `path` and `locations`).
 */
export type RealtimeError = {
  errorType: string;
  message: string;
  /** connection_error only: the HTTP status AppSync would have answered (aws-amplify reads it). */
  errorCode?: number;
};

type ErrorList = (RealtimeError | Record<string, unknown>)[];

export interface StartPayload {
  /** The JSON of `{ query, variables }`, as a string (it is what an IAM signature covers). */
  data: string;
  extensions?: { authorization?: Record<string, string> };
}

export type ClientMessage =
  | { type: 'connection_init'; payload?: unknown }
  | { type: 'start'; id: string; payload: StartPayload }
  | { type: 'stop'; id: string };

export type ServerMessage =
  | { type: 'connection_ack'; payload: { connectionTimeoutMs: number } }
  | { type: 'connection_error'; payload: { errors: RealtimeError[] } }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'error'; id?: string; payload: { errors: ErrorList } }
  | { type: 'data'; id: string; payload: { data: unknown; errors?: unknown[] } }
  | { type: 'complete'; id: string };

/** WebSocket close codes (RFC 6455) the server sends itself; ws sends 1002, 1007 and 1009. */
export const CloseCode = {
  normal: 1000,
  unsupportedData: 1003,
  policyViolation: 1008,
} as const;

export const errorMessage = (errorType: string, message: string, id?: string): ServerMessage => ({
  type: 'error',
  ...(id === undefined ? {} : { id }),
  payload: { errors: [{ errorType, message }] },
});

export type Parsed = { message: ClientMessage } | { error: ServerMessage };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text frame as a client message, or the error message to answer it with. */
export function parseClientMessage(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: errorMessage('MalformedMessage', 'Message is not JSON') };
  }
  const type = isRecord(raw) && typeof raw['type'] === 'string' ? raw['type'] : 'unknown';
  if (!isRecord(raw) || !['connection_init', 'start', 'stop'].includes(type)) {
    return { error: errorMessage('UnsupportedOperation', `${type} not supported through the realtime channel`) };
  }
  if (type === 'connection_init') return { message: { type: 'connection_init', payload: raw['payload'] } };
  const id = raw['id'];
  if (typeof id !== 'string' || id === '') {
    return { error: errorMessage('BadRequestException', `A ${type} message needs a non-empty string id`) };
  }
  if (type === 'stop') return { message: { type: 'stop', id } };
  const payload = raw['payload'];
  if (!isRecord(payload) || typeof payload['data'] !== 'string') {
    return { error: errorMessage('BadRequestException', 'payload.data must be a JSON document as a string', id) };
  }
  const extensions = isRecord(payload['extensions']) ? payload['extensions'] : {};
  const authorization = isRecord(extensions['authorization'])
    ? (extensions['authorization'] as Record<string, string>)
    : undefined;
  return { message: { type: 'start', id, payload: { data: payload['data'], extensions: { authorization } } } };
}
