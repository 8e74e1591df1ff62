import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from './s3-error.ts';
import { SIGNATURE_MISMATCH, type SeedSignature } from './s3-signature.ts';

/**
 * `Content-Encoding: aws-chunked` bodies: `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` …
 * `0[;chunk-signature=<sig>]\r\n`, then trailer lines (`x-amz-checksum-crc32:<value>`, and for
 * signed bodies `x-amz-trailer-signature:<sig>`) and an empty line. Signed chunks chain: each
 * signature covers the chunk's data and the signature before it, starting from the request's own.
 */

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const MAX_LINE = 4096;
/** Every chunk but the last must carry at least this much data, signed or not. */
export const MIN_CHUNK_SIZE = 8192;

const malformed = (detail: string) => new S3Error('IncompleteBody', `The aws-chunked body is malformed: ${detail}.`);

// S3 notices a short chunk when the next one starts with data: it names that next chunk (counted
// from 1) and the short one's size.
const chunkTooSmall = (chunk: number, size: number) =>
  new S3Error(
    'InvalidChunkSizeError',
    `Only the last chunk is allowed to have a size less than ${MIN_CHUNK_SIZE} bytes`,
    {
      Chunk: String(chunk),
      BadChunkSize: String(size),
    },
  );

export function chunkStringToSign(seed: SeedSignature, previous: string, dataSha256: string): string {
  return ['AWS4-HMAC-SHA256-PAYLOAD', seed.amzDate, seed.scope, previous, EMPTY_SHA256, dataSha256].join('\n');
}

export function trailerStringToSign(seed: SeedSignature, previous: string, trailerText: string): string {
  const hash = createHash('sha256').update(trailerText).digest('hex');
  return ['AWS4-HMAC-SHA256-TRAILER', seed.amzDate, seed.scope, previous, hash].join('\n');
}

export const hmacHex = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');

function checkSignature(expected: string, given: string | undefined): void {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given ?? '', 'hex');
  if (!given || !/^[0-9a-f]{64}$/.test(given) || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new S3Error('SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  }
}

export interface ChunkedOptions {
  /** Verify chunk signatures chained from this seed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD…). */
  seed?: SeedSignature;
  /** Trailer lines follow the last chunk (…-TRAILER). */
  trailer: boolean;
}

/** Decodes an aws-chunked body, yielding its data; the trailers (lower-cased names) land in `trailers`. */
export async function* decodeAwsChunked(
  source: AsyncIterable<Buffer>,
  opts: ChunkedOptions,
  trailers: Map<string, string>,
): AsyncGenerator<Buffer> {
  let previous = opts.seed?.signature ?? '';
  let pending: Buffer = Buffer.alloc(0);
  /** Bytes of chunk data still to come, or -1 while reading a line. */
  let remaining = -1;
  let afterData = false;
  let chunkSignature: string | undefined;
  let chunkHash = opts.seed ? createHash('sha256') : undefined;
  let state = 'chunks' as 'chunks' | 'trailers' | 'done';
  let chunks = 0;
  let previousSize = 0;
  const trailerLines: string[] = [];

  const readLine = (): string | undefined => {
    const end = pending.indexOf('\r\n');
    if (end < 0) {
      if (pending.length > MAX_LINE) throw malformed('a chunk header or trailer line is too long');
      return undefined;
    }
    const line = pending.subarray(0, end).toString('latin1');
    pending = pending.subarray(end + 2);
    return line;
  };

  const endChunk = () => {
    if (opts.seed) {
      const expected = hmacHex(opts.seed.key, chunkStringToSign(opts.seed, previous, chunkHash!.digest('hex')));
      checkSignature(expected, chunkSignature);
      previous = expected;
      chunkHash = createHash('sha256');
    }
  };

  const onLine = (line: string) => {
    if (state === 'trailers') {
      if (line === '') return finishTrailers();
      const colon = line.indexOf(':');
      if (colon <= 0)
        throw new S3Error('MalformedTrailerError', 'The request contained trailing data that was not well-formed.');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') {
        if (!opts.seed) throw new S3Error('MalformedTrailerError', 'An unsigned body carries no trailer signature.');
        const text = trailerLines.map((l) => l + '\n').join('');
        checkSignature(hmacHex(opts.seed.key, trailerStringToSign(opts.seed, previous, text)), value);
        trailers.set(name, value);
        return;
      }
      trailerLines.push(`${name}:${value}`);
      trailers.set(name, value);
      return;
    }
    const [sizeText = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw malformed('a chunk size is not hexadecimal');
    const size = parseInt(sizeText, 16);
    chunks++;
    if (size > 0 && chunks > 1 && previousSize < MIN_CHUNK_SIZE) throw chunkTooSmall(chunks, previousSize);
    previousSize = size;
    chunkSignature = undefined;
    for (const ext of extensions) {
      const [k, v] = ext.split('=');
      if (k?.trim() === 'chunk-signature') chunkSignature = v?.trim();
    }
    if (opts.seed && chunkSignature === undefined) throw malformed('a chunk has no chunk-signature');
    if (size > 0) {
      remaining = size;
      return;
    }
    endChunk();
    state = opts.trailer ? 'trailers' : 'done';
  };

  const finishTrailers = () => {
    if (opts.seed && opts.trailer && !trailers.has('x-amz-trailer-signature')) {
      throw new S3Error('MalformedTrailerError', 'The signed trailer has no x-amz-trailer-signature.');
    }
    state = 'done';
  };

  for await (const input of source) {
    pending = pending.length ? Buffer.concat([pending, input]) : input;
    while (pending.length > 0) {
      if (state === 'done') {
        // Signed bodies without trailers end with one more CRLF.
        if (pending[0] !== 13 || (pending.length > 1 && pending[1] !== 10))
          throw malformed('data follows the last chunk');
        if (pending.length < 2) break;
        pending = pending.subarray(2);
        continue;
      }
      if (remaining > 0) {
        const data = pending.length <= remaining ? pending : pending.subarray(0, remaining);
        pending = pending.subarray(data.length);
        remaining -= data.length;
        chunkHash?.update(data);
        yield data;
        if (remaining === 0) {
          remaining = -1;
          afterData = true;
        }
        continue;
      }
      if (afterData) {
        if (pending.length < 2) break;
        if (pending[0] !== 13 || pending[1] !== 10) throw malformed('a chunk is longer than its size says');
        pending = pending.subarray(2);
        afterData = false;
        endChunk();
        continue;
      }
      const line = readLine();
      if (line === undefined) break;
      onLine(line);
    }
  }
  if (state === 'trailers' && pending.length === 0 && trailerLines.length > 0) finishTrailers();
  if (state !== 'done' || remaining > 0 || afterData || pending.length > 0) {
    throw malformed('the body ended before its last chunk');
  }
}
