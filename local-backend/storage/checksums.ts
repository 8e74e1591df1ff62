import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The additional checksums S3 accepts, by the name in `x-amz-checksum-algorithm`. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as S3 sends it; a composite one ends in `-<parts>`. */
  value: string;
  type: ChecksumType;
}

export interface Digest {
  update(chunk: Buffer): void;
  /** The raw checksum bytes (big-endian for the CRCs). */
  digest(): Buffer;
}

/** `x-amz-checksum-crc32c` and friends: the header (and trailer) name of an algorithm. */
export const headerOf = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`;
/** `ChecksumCRC32C` and friends: the XML element name of an algorithm. */
export const elementOf = (algorithm: ChecksumAlgorithm) => `Checksum${algorithm}`;

export function parseAlgorithm(value: string): ChecksumAlgorithm | undefined {
  const upper = value.toUpperCase().replace(/-/g, '');
  return CHECKSUM_ALGORITHMS.find((a) => a === upper);
}

/** S3 sends CRC32 checksums as the big-endian 4 bytes in base64. */
export function crc32Base64(crc: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc >>> 0);
  return b.toString('base64');
}

// CRC-32C (Castagnoli) and CRC-64/NVME have no native implementation in Node: reflected,
// table-driven, one table lookup per byte. CRC-64 runs on two 32-bit halves to stay off BigInt.
const CRC32C_TABLE = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
const CRC64_HI = new Uint32Array(256);
{
  const poly64 = 0x9a6c9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    CRC32C_TABLE[i] = c >>> 0;
    let d = BigInt(i);
    for (let k = 0; k < 8; k++) d = d & 1n ? (d >> 1n) ^ poly64 : d >> 1n;
    CRC64_LO[i] = Number(d & 0xffffffffn);
    CRC64_HI[i] = Number(d >> 32n);
  }
}

function crc32cDigest(): Digest {
  let crc = 0xffffffff;
  return {
    update(chunk) {
      let c = crc;
      for (let i = 0; i < chunk.length; i++) c = CRC32C_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
      crc = c;
    },
    digest() {
      const b = Buffer.alloc(4);
      b.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
      return b;
    },
  };
}

function crc64nvmeDigest(): Digest {
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  return {
    update(chunk) {
      let l = lo;
      let h = hi;
      for (let i = 0; i < chunk.length; i++) {
        const idx = (l ^ chunk[i]!) & 0xff;
        l = ((l >>> 8) | (h << 24)) ^ CRC64_LO[idx]!;
        h = (h >>> 8) ^ CRC64_HI[idx]!;
      }
      lo = l;
      hi = h;
    },
    digest() {
      const b = Buffer.alloc(8);
      b.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
      b.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
      return b;
    },
  };
}

function crc32Digest(): Digest {
  let crc = 0;
  return {
    update: (chunk) => void (crc = crc32(chunk, crc)),
    digest: () => Buffer.from(crc32Base64(crc), 'base64'),
  };
}

function hashDigest(name: 'sha1' | 'sha256'): Digest {
  const hash = createHash(name);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
}

export function createDigest(algorithm: ChecksumAlgorithm): Digest {
  switch (algorithm) {
    case 'CRC32':
      return crc32Digest();
    case 'CRC32C':
      return crc32cDigest();
    case 'CRC64NVME':
      return crc64nvmeDigest();
    case 'SHA1':
      return hashDigest('sha1');
    case 'SHA256':
      return hashDigest('sha256');
  }
}

/** The checksum of checksums S3 gives a COMPOSITE multipart object: `<digest of the parts' digests>-<parts>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: string[]): string {
  const digest = createDigest(algorithm);
  for (const v of partValues) digest.update(Buffer.from(v, 'base64'));
  return `${digest.digest().toString('base64')}-${partValues.length}`;
}

/** Which types S3 allows per algorithm; the first is its default. */
export const ALLOWED_TYPES: Record<ChecksumAlgorithm, ChecksumType[]> = {
  CRC32: ['COMPOSITE', 'FULL_OBJECT'],
  CRC32C: ['COMPOSITE', 'FULL_OBJECT'],
  CRC64NVME: ['FULL_OBJECT'],
  SHA1: ['COMPOSITE'],
  SHA256: ['COMPOSITE'],
};
