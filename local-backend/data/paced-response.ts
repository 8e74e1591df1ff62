import type { ServerResponse } from 'node:http';
import type { Pacer } from './pacer.ts';

/** Bytes gathered before a write: few writes for a small answer, bounded memory for a large one. */
const CHUNK_BYTES = 64 * 1024;

export interface GraphqlBody {
  data: Record<string, unknown> | null;
  errors?: unknown[];
}

/**
 * Sends `{ data, errors }` as JSON the way JSON.stringify would, one root field at a time: a large
 * answer neither holds the event loop while it is serialized nor piles up for a client that reads
 * slowly (writes wait for `drain`; a client gone stops them).
 */
export async function sendGraphqlPaced(
  res: ServerResponse,
  status: number,
  body: GraphqlBody,
  headers: Record<string, string>,
  pacer: Pacer,
): Promise<void> {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (res.destroyed || res.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const add = async (text: string) => {
    pending += text;
    if (pending.length >= CHUNK_BYTES) await flush();
    await pacer.turn();
  };

  if (body.data === null) await add('{"data":null');
  else {
    let first = true;
    for (const [key, value] of Object.entries(body.data)) {
      if (res.destroyed) return;
      await add(`${first ? '{"data":{' : ','}${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`);
      first = false;
    }
    await add(first ? '{"data":{}' : '}');
  }
  if (body.errors) await add(`,"errors":${JSON.stringify(body.errors)}`);
  res.end(pending + '}');
}
