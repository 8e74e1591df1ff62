import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/** How long the rest of an oversized body is read (and dropped) before the refusal is sent anyway. */
const DRAIN_LIMIT_MS = 60_000;

/**
 * Reads a whole request body, refusing anything above `limit` bytes. An oversized body is not
 * kept, but it is read to its end before BodyTooLargeError is thrown: a client still sending
 * when the refusal goes out and the connection closes would see a broken pipe instead of it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let giveUp: NodeJS.Timeout | undefined;
    const finish = (err?: Error) => {
      clearTimeout(giveUp);
      req.off('data', onData).off('end', onEnd).off('error', finish).off('close', onClose);
      if (err) reject(err);
      else if (tooLarge) {
        req.resume(); // whatever still comes (after a timeout) is dropped
        reject(new BodyTooLargeError(limit));
      } else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) return;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        // A body that never ends is not waited for forever: refuse it, and the connection closes.
        giveUp = setTimeout(() => finish(), DRAIN_LIMIT_MS);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onClose = () => finish(req.complete ? undefined : new Error('The client closed the connection mid-body'));
    req.on('data', onData).on('end', onEnd).on('error', finish).on('close', onClose);
  });
}

/**
 * A text (an error message, which may quote what a client sent) as an HTTP header value. Node
 * refuses a header holding a control character or anything past Latin-1 (ERR_INVALID_CHAR), so
 * everything outside printable ASCII is percent-encoded as UTF-8; the body still carries the text
 * as it is.
 */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) =>
    [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
