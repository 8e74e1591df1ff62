import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { readBody } from '../http-util.ts';
import { checkIntegrity, crc32Base64 } from './checksums.ts';
import type { ObjectStore, Upload } from './object-store.ts';
import { contentType, sendXml, storedHeaders, userMetadata } from './request.ts';
import { S3Error } from './s3-error.ts';
import { doc, el, texts } from './xml.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

/** Multipart upload: parts kept apart under the upload's directory until Complete joins them. */
export class Multipart {
  constructor(
    private readonly bucket: string,
    private readonly store: ObjectStore,
  ) {}

  create(key: string, req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const algorithm = req.headers['x-amz-checksum-algorithm'];
    if (algorithm !== undefined && String(algorithm).toUpperCase() !== 'CRC32') {
      throw new S3Error(
        'InvalidRequest',
        `Checksum algorithm ${algorithm} is not supported by the local S3; use CRC32.`,
      );
    }
    const uploadId = this.store.createUpload(key, {
      contentType: contentType(req),
      metadata: userMetadata(req),
      headers: storedHeaders(req),
      checksumAlgorithm: algorithm ? 'CRC32' : undefined,
    });
    const echo: Record<string, string> = algorithm
      ? {
          'x-amz-checksum-algorithm': 'CRC32',
          'x-amz-checksum-type': String(req.headers['x-amz-checksum-type'] ?? 'FULL_OBJECT'),
        }
      : {};
    sendXml(
      res,
      200,
      doc('InitiateMultipartUploadResult', el('Bucket', this.bucket) + el('Key', key) + el('UploadId', uploadId)),
      echo,
    );
  }

  open(key: string, uploadId: string): Upload {
    const upload = this.store.upload(uploadId);
    if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
    return upload;
  }

  async uploadPart(key: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const uploadId = q.get('uploadId')!;
    this.open(key, uploadId);
    const partNumber = Number(q.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const received = await this.store.receive(req);
    try {
      const echo = await checkIntegrity(req, received);
      // Aborted (or completed) while this part was in flight.
      if (!this.store.upload(uploadId)) throw noSuchUpload(uploadId);
      this.store.savePart(uploadId, partNumber, received.tmp, received.md5, received.size);
      res.writeHead(200, { etag: `"${received.md5}"`, ...echo }).end();
    } catch (err) {
      this.store.discard(received.tmp);
      throw err;
    }
  }

  async complete(key: string, uploadId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const upload = this.open(key, uploadId);
    const xml = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
    if (req.headers['if-none-match'] === '*' && this.store.head(key)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'If-None-Match',
      });
    }
    const requested = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
      partNumber: Number(texts(m[1]!, 'PartNumber')[0]),
      etag: (texts(m[1]!, 'ETag')[0] ?? '').replace(/"/g, ''),
    }));
    if (requested.length === 0) {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    const stored = new Map(this.store.parts(uploadId).map((p) => [p.partNumber, p]));
    if (requested.some((r, i) => i > 0 && r.partNumber <= requested[i - 1]!.partNumber)) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
    }
    const chosen = requested.map((r, i) => {
      const part = stored.get(r.partNumber);
      if (!part || part.etag !== r.etag) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
        );
      }
      if (i < requested.length - 1 && part.size < MIN_PART_SIZE) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          PartNumber: String(r.partNumber),
        });
      }
      return part;
    });

    const tmp = join(this.store.tmpDir, randomUUID());
    const md5s = createHash('md5');
    let crc = 0;
    let size = 0;
    try {
      const out = createWriteStream(tmp);
      for (const part of chosen) {
        md5s.update(Buffer.from(part.etag, 'hex'));
        size += part.size;
        await pipeline(
          createReadStream(this.store.partPath(uploadId, part.partNumber)),
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              crc = crc32(chunk, crc);
              yield chunk;
            }
          },
          out,
          { end: false },
        );
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      const declared = req.headers['x-amz-checksum-crc32'];
      if (typeof declared === 'string' && declared !== crc32Base64(crc)) {
        throw new S3Error('BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
      }
    } catch (err) {
      this.store.discard(tmp);
      throw err;
    }
    const etag = `${md5s.digest('hex')}-${chosen.length}`;
    const withCrc = upload.checksumAlgorithm === 'CRC32' || typeof req.headers['x-amz-checksum-crc32'] === 'string';
    this.store.commit(key, tmp, {
      size,
      etag,
      contentType: upload.contentType,
      metadata: upload.metadata,
      headers: upload.headers,
      crc32: withCrc ? crc32Base64(crc) : undefined,
    });
    this.store.endUpload(uploadId);
    sendXml(
      res,
      200,
      doc(
        'CompleteMultipartUploadResult',
        el('Location', `/${this.bucket}/${key}`) +
          el('Bucket', this.bucket) +
          el('Key', key) +
          el('ETag', `"${etag}"`) +
          (withCrc ? el('ChecksumCRC32', crc32Base64(crc)) + el('ChecksumType', 'FULL_OBJECT') : ''),
      ),
    );
  }

  abort(key: string, uploadId: string, res: ServerResponse): void {
    this.open(key, uploadId);
    this.store.endUpload(uploadId);
    res.writeHead(204).end();
  }

  listParts(key: string, uploadId: string, res: ServerResponse): void {
    this.open(key, uploadId);
    const parts = this.store
      .parts(uploadId)
      .map(
        (p) =>
          '<Part>' +
          el('PartNumber', p.partNumber) +
          el('LastModified', p.lastModified.toISOString()) +
          el('ETag', `"${p.etag}"`) +
          el('Size', p.size) +
          '</Part>',
      )
      .join('');
    sendXml(
      res,
      200,
      doc(
        'ListPartsResult',
        el('Bucket', this.bucket) + el('Key', key) + el('UploadId', uploadId) + el('IsTruncated', false) + parts,
      ),
    );
  }
}
