import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * Test support: a WebSocket client written by hand over TCP, to send what no well-behaved client
 * library would (reserved opcodes, unmasked or truncated frames, invalid UTF-8) and to stop
 * reading on purpose.
 */
export interface RawWebSocket {
  socket: Socket;
  /** A masked client frame; `fin` false for a fragment. */
  frame(opcode: number, payload: Buffer | string, opts?: { fin?: boolean; masked?: boolean }): Buffer;
  /** The server's close code, or null when the TCP connection ended without a close frame. */
  closed: Promise<number | null>;
  /** Every byte received after the handshake. */
  received(): Buffer;
}

export async function openRawWebSocket(url: string, protocols: string[]): Promise<RawWebSocket> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      `Sec-WebSocket-Protocol: ${protocols.join(', ')}\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = buffer.subarray(0, end).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(head)) return reject(new Error(`upgrade refused: ${head}`));
      chunks.push(buffer.subarray(end + 4));
      socket.on('data', (more: Buffer) => chunks.push(more));
      resolve();
    };
    socket.on('data', onData);
  });
  const received = () => Buffer.concat(chunks);
  const closed = new Promise<number | null>((resolve) => {
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(closeCodeIn(received())));
  });
  return { socket, frame, closed, received };
}

function frame(opcode: number, payload: Buffer | string, opts: { fin?: boolean; masked?: boolean } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const masked = opts.masked ?? true;
  const lengthBytes = body.length < 126 ? 0 : body.length < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + lengthBytes + (masked ? 4 : 0));
  head[0] = ((opts.fin ?? true) ? 0x80 : 0) | opcode;
  const maskBit = masked ? 0x80 : 0;
  if (lengthBytes === 0) head[1] = maskBit | body.length;
  else if (lengthBytes === 2) {
    head[1] = maskBit | 126;
    head.writeUInt16BE(body.length, 2);
  } else {
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(body.length), 2);
  }
  // A zero masking key leaves the payload as it is: still a valid masked frame.
  return Buffer.concat([head, body]);
}

/** The server's frames in what was received, up to the first incomplete one (server frames are never masked). */
function* framesIn(data: Buffer): Generator<{ opcode: number; payload: Buffer }> {
  let at = 0;
  while (at + 2 <= data.length) {
    let length = data[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = data.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(offset));
      offset += 8;
    }
    if (offset + length > data.length) return;
    yield { opcode: data[at]! & 0x0f, payload: data.subarray(offset, offset + length) };
    at = offset + length;
  }
}

function closeCodeIn(data: Buffer): number | null {
  for (const { opcode, payload } of framesIn(data)) {
    if (opcode === 0x8) return payload.length >= 2 ? payload.readUInt16BE(0) : null;
  }
  return null;
}

/** The JSON text messages among the frames received. */
export function textMessages(data: Buffer): { type: string; id?: string }[] {
  const out: { type: string; id?: string }[] = [];
  for (const { opcode, payload } of framesIn(data)) {
    if (opcode === 0x1) out.push(JSON.parse(payload.toString()) as { type: string; id?: string });
  }
  return out;
}
