import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { decodeAwsChunked } from './aws-chunked.ts';
import type { BodySinks, SinkResult } from './body-sink.ts';
import { CHECKSUM_ALGORITHMS, headerOf, parseAlgorithm, type ChecksumAlgorithm } from './checksums.ts';
import { entityTooLarge, MAX_UPLOAD_SIZE, S3Error } from './s3-error.ts';
import type { SeedSignature } from './s3-signature.ts';

/** An upload body on disk, with what was computed over it on the way in. */
export interface ReceivedBody {
  path: string;
  size: number;
  /** Hex MD5: the ETag. */
  md5: string;
  /** The additional checksum the client sent or the upload asked for, base64. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
  /** Checksum headers to answer with. */
  echo: Record<string, string>;
}

const STREAMING = {
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { signed: false, trailer: true },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { signed: true, trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { signed: true, trailer: true },
} as const;

const wrongLength = () =>
  new S3Error(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the x-amz-decoded-content-length header.',
  );

const invalidSha256 = () =>
  new S3Error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid SHA-256 value.',
  );

/** How the body is framed and which checksum covers it, decided from the headers before reading it. */
function plan(req: IncomingMessage, seed: SeedSignature | undefined, uploadAlgorithm: ChecksumAlgorithm | undefined) {
  const declared = req.headers['x-amz-content-sha256'];
  const encodings = String(req.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase());
  let payloadSha256: string | undefined;
  let streaming: (typeof STREAMING)[keyof typeof STREAMING] | undefined;
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') {
    // Presigned URLs carry no payload hash; UNSIGNED-PAYLOAD asks for none.
  } else if (typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared)) {
    payloadSha256 = declared;
  } else if (typeof declared === 'string' && declared in STREAMING) {
    streaming = STREAMING[declared as keyof typeof STREAMING];
    if (streaming.signed && !seed) throw invalidSha256();
  } else {
    throw invalidSha256();
  }
  if (encodings.includes('aws-chunked') && !streaming) {
    throw new S3Error(
      'InvalidArgument',
      'Content-Encoding aws-chunked needs x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER].',
    );
  }
  let decodedLength: number | undefined;
  if (streaming) {
    const raw = req.headers['x-amz-decoded-content-length'];
    if (raw === undefined) {
      throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length header.');
    }
    decodedLength = Number(raw);
    if (!/^\d+$/.test(String(raw)))
      throw new S3Error('InvalidArgument', 'x-amz-decoded-content-length is not a number.');
  }
  // Refused from the headers, before a byte of the body is read.
  const proposed = decodedLength ?? Number(req.headers['content-length'] ?? 0);
  if (proposed > MAX_UPLOAD_SIZE) throw entityTooLarge(proposed);

  const inHeaders = CHECKSUM_ALGORITHMS.filter((a) => typeof req.headers[headerOf(a)] === 'string');
  const trailerName = req.headers['x-amz-trailer'];
  let inTrailer: ChecksumAlgorithm | undefined;
  if (trailerName !== undefined) {
    const name = String(trailerName).trim().toLowerCase();
    inTrailer = CHECKSUM_ALGORITHMS.find((a) => headerOf(a) === name);
    if (!inTrailer) throw new S3Error('InvalidRequest', `The trailer ${name} is not supported.`);
    if (!streaming?.trailer) {
      throw new S3Error('InvalidRequest', 'x-amz-trailer needs a STREAMING-…-TRAILER x-amz-content-sha256.');
    }
  }
  if (inHeaders.length + (inTrailer ? 1 : 0) > 1) {
    throw new S3Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const sdkAlgorithm = req.headers['x-amz-sdk-checksum-algorithm'];
  const algorithm =
    inHeaders[0] ?? inTrailer ?? uploadAlgorithm ?? (sdkAlgorithm ? parseAlgorithm(String(sdkAlgorithm)) : undefined);
  if (uploadAlgorithm && algorithm !== uploadAlgorithm) {
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${uploadAlgorithm.toLowerCase()}, actual checksum Type: ${algorithm?.toLowerCase()}`,
    );
  }
  const md5 = req.headers['content-md5'];
  if (typeof md5 === 'string' && Buffer.from(md5, 'base64').length !== 16) {
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
  }
  return { payloadSha256, streaming, decodedLength, algorithm, inTrailer, md5 };
}

/**
 * Receives an upload body in one pass: decodes aws-chunked framing (verifying chunk signatures),
 * computes the MD5 (the ETag) and only the hashes the request needs — the payload SHA-256 when the
 * signature covers it, the additional checksum when one was sent or the upload asked for one —
 * and streams the data to `path`. Anything that does not check out removes the file and throws.
 */
export async function receiveBody(
  req: IncomingMessage,
  sinks: BodySinks,
  path: string,
  seed: SeedSignature | undefined,
  uploadAlgorithm?: ChecksumAlgorithm,
): Promise<ReceivedBody> {
  const p = plan(req, seed, uploadAlgorithm);
  const trailers = new Map<string, string>();
  let size = 0;
  // A body refused half-way must leave the request readable, so the error can still be answered.
  const body = req.iterator({ destroyOnReturn: false });
  const source = p.streaming
    ? decodeAwsChunked(body, { trailer: p.streaming.trailer, seed: p.streaming.signed ? seed : undefined }, trailers)
    : body;
  const declaredLength =
    p.decodedLength ?? (req.headers['content-length'] ? Number(req.headers['content-length']) : undefined);
  const sink = sinks.open(path, { sha256: p.payloadSha256 !== undefined, algorithm: p.algorithm }, declaredLength);
  try {
    let result: SinkResult;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        // Checked as it comes, so a lying length cannot fill memory or disk.
        if (p.decodedLength !== undefined && size > p.decodedLength) throw wrongLength();
        const wait = sink.write(chunk);
        if (wait) await wait;
      }
      result = await sink.finish();
    } catch (err) {
      sink.abort();
      throw err;
    }
    const md5Hex = result.md5.toString('hex');
    if (p.decodedLength !== undefined && p.decodedLength !== size) throw wrongLength();
    if (result.sha256 && result.sha256.toString('hex') !== p.payloadSha256) {
      throw new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    if (typeof p.md5 === 'string' && Buffer.from(p.md5, 'base64').toString('hex') !== md5Hex) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    const echo: Record<string, string> = {};
    let checksum: ReceivedBody['checksum'];
    if (p.algorithm && result.checksum) {
      const value = result.checksum.toString('base64');
      const name = headerOf(p.algorithm);
      const sent = p.inTrailer ? trailers.get(name) : req.headers[name];
      if (p.inTrailer && sent === undefined) {
        throw new S3Error('MalformedTrailerError', `The trailer ${name} announced in x-amz-trailer was not sent.`);
      }
      if (typeof sent === 'string' && sent !== value) {
        throw new S3Error('BadDigest', `The ${p.algorithm} you specified did not match the calculated checksum.`);
      }
      checksum = { algorithm: p.algorithm, value };
      echo[name] = value;
    }
    return { path, size, md5: md5Hex, checksum, echo };
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  }
}
