import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Received } from './object-store.ts';
import { S3Error } from './s3-error.ts';

/** S3 sends CRC32 checksums as the big-endian 4 bytes in base64. */
export function crc32Base64(crc: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc >>> 0);
  return b.toString('base64');
}

const UNSUPPORTED = ['x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme'];

/**
 * Checks the integrity headers of an upload against the received body: the signed payload hash,
 * Content-MD5 and x-amz-checksum-crc32/-sha1/-sha256 (what aws-amplify sends: CRC32 with
 * `checksumAlgorithm: 'crc-32'`, Content-MD5 for object-lock buckets). Returns the checksum
 * headers to echo back.
 */
export async function checkIntegrity(req: IncomingMessage, body: Received): Promise<Record<string, string>> {
  const declared = String(req.headers['x-amz-content-sha256'] ?? '');
  if (/^[0-9a-f]{64}$/.test(declared) && declared !== body.sha256) {
    throw new S3Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const md5 = req.headers['content-md5'];
  if (typeof md5 === 'string') {
    if (Buffer.from(md5, 'base64').length !== 16)
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (Buffer.from(md5, 'base64').toString('hex') !== body.md5) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  const echo: Record<string, string> = {};
  const crc = req.headers['x-amz-checksum-crc32'];
  if (typeof crc === 'string') {
    if (crc !== crc32Base64(body.crc32)) {
      throw new S3Error('BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
    }
    echo['x-amz-checksum-crc32'] = crc;
  }
  for (const algorithm of ['sha1', 'sha256'] as const) {
    const value = req.headers[`x-amz-checksum-${algorithm}`];
    if (typeof value !== 'string') continue;
    const actual =
      algorithm === 'sha256' ? Buffer.from(body.sha256, 'hex').toString('base64') : await digestFile(body.tmp, 'sha1');
    if (value !== actual) {
      throw new S3Error(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
    echo[`x-amz-checksum-${algorithm}`] = value;
  }
  for (const name of UNSUPPORTED) {
    if (req.headers[name]) throw new S3Error('InvalidRequest', `${name} is not supported by the local S3; use CRC32.`);
  }
  return echo;
}

async function digestFile(path: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
