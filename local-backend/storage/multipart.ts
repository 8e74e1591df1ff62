import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { readBody } from '../http-util.ts';
import {
  ALLOWED_TYPES,
  CHECKSUM_ALGORITHMS,
  compositeChecksum,
  createDigest,
  elementOf,
  headerOf,
  parseAlgorithm,
  type ChecksumAlgorithm,
  type ChecksumType,
  type StoredChecksum,
} from './checksums.ts';
import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { intParam, pageSize } from './paging.ts';
import type { Part, Upload } from './upload-store.ts';
import { contentType, sendXml, storedHeaders, userMetadata } from './request.ts';
import { S3Error } from './s3-error.ts';
import type { SeedSignature } from './s3-signature.ts';
import { receiveBody } from './upload-body.ts';
import { doc, parseXml, textOf, type XmlContent } from './xml.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

const invalidPart = () =>
  new S3Error(
    'InvalidPart',
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
  );

/** The algorithm and type asked for at CreateMultipartUpload, checked the way S3 checks them. */
function requestedChecksum(req: IncomingMessage): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  const rawAlgorithm = req.headers['x-amz-checksum-algorithm'];
  const rawType = req.headers['x-amz-checksum-type'];
  if (rawAlgorithm === undefined) {
    if (rawType !== undefined) {
      throw new S3Error(
        'InvalidRequest',
        'The x-amz-checksum-type header can only be used with x-amz-checksum-algorithm.',
      );
    }
    return {};
  }
  const algorithm = parseAlgorithm(String(rawAlgorithm));
  if (!algorithm) throw new S3Error('InvalidRequest', `Checksum algorithm ${String(rawAlgorithm)} is not supported.`);
  const allowed = ALLOWED_TYPES[algorithm];
  const type = rawType === undefined ? allowed[0]! : (String(rawType).toUpperCase() as ChecksumType);
  if (!allowed.includes(type)) {
    throw new S3Error(
      'InvalidRequest',
      `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  return { algorithm, type };
}

/** Multipart upload: parts kept apart under the upload's directory until Complete joins them. */
export class Multipart {
  constructor(
    private readonly bucket: string,
    private readonly store: ObjectStore,
  ) {}

  create(key: string, req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const { algorithm, type } = requestedChecksum(req);
    const uploadId = this.store.uploads.create(key, {
      contentType: contentType(req),
      metadata: userMetadata(req),
      headers: storedHeaders(req),
      checksumAlgorithm: algorithm,
      checksumType: type,
    });
    const echo: Record<string, string> =
      algorithm && type ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': type } : {};
    sendXml(
      res,
      200,
      doc('InitiateMultipartUploadResult', { Bucket: this.bucket, Key: key, UploadId: uploadId }),
      echo,
    );
  }

  open(key: string, uploadId: string): Upload {
    const upload = this.store.uploads.get(uploadId);
    if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
    return upload;
  }

  async uploadPart(
    key: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    seed: SeedSignature | undefined,
  ): Promise<void> {
    const uploadId = q.get('uploadId')!;
    const upload = this.open(key, uploadId);
    const partNumber = Number(q.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const received = await receiveBody(
      req,
      this.store.sinks,
      this.store.uploads.newPartBody(uploadId),
      seed,
      upload.checksumAlgorithm,
    );
    try {
      // Aborted (or completed) while this part was in flight.
      if (!this.store.uploads.get(uploadId)) throw noSuchUpload(uploadId);
      this.store.uploads.savePart(
        uploadId,
        partNumber,
        received.path,
        received.md5,
        received.size,
        received.checksum?.value,
      );
      res.writeHead(200, { etag: `"${received.md5}"`, ...received.echo }).end();
    } catch (err) {
      this.store.discard(received.path);
      throw err;
    }
  }

  async complete(key: string, uploadId: string, req: IncomingMessage, res: ServerResponse): Promise<ObjectMeta> {
    const upload = this.open(key, uploadId);
    const xml = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
    if (req.headers['if-none-match'] === '*' && this.store.head(key)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'If-None-Match',
      });
    }
    const partsXml = (parseXml(xml, 'CompleteMultipartUpload', ['Part'])['Part'] ?? []) as XmlContent[];
    const requested = partsXml.map((p) => ({
      partNumber: Number(textOf(p, 'PartNumber')),
      etag: (textOf(p, 'ETag') ?? '').replace(/"/g, '').trim(),
      checksums: CHECKSUM_ALGORITHMS.map((a) => [a, textOf(p, elementOf(a))] as const).filter(([, v]) => v),
    }));
    if (requested.length === 0) {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    const stored = new Map(this.store.uploads.parts(uploadId).map((p) => [p.partNumber, p]));
    if (requested.some((r, i) => i > 0 && r.partNumber <= requested[i - 1]!.partNumber)) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
    }
    const chosen = requested.map((r, i): Part => {
      const part = stored.get(r.partNumber);
      if (!part || part.etag !== r.etag) throw invalidPart();
      for (const [algorithm, value] of r.checksums) {
        // An upload created without an algorithm still takes back the checksums its parts were sent with.
        const wrongAlgorithm = upload.checksumAlgorithm !== undefined && algorithm !== upload.checksumAlgorithm;
        if (wrongAlgorithm || value !== part.checksum) throw invalidPart();
      }
      if (i < requested.length - 1 && part.size < MIN_PART_SIZE) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          PartNumber: String(r.partNumber),
        });
      }
      return part;
    });

    // A full-object checksum: the one asked for at create, or one sent now with Complete.
    const sentAlgorithm = CHECKSUM_ALGORITHMS.find((a) => typeof req.headers[headerOf(a)] === 'string');
    const fullAlgorithm =
      upload.checksumType === 'FULL_OBJECT'
        ? upload.checksumAlgorithm
        : upload.checksumAlgorithm
          ? undefined
          : sentAlgorithm;
    const digest = fullAlgorithm ? createDigest(fullAlgorithm) : undefined;
    const target = this.store.newBody();
    const md5s = createHash('md5');
    let size = 0;
    let checksum: StoredChecksum | undefined;
    try {
      const out = createWriteStream(target.path);
      for (const part of chosen) {
        md5s.update(Buffer.from(part.etag, 'hex'));
        size += part.size;
        await pipeline(
          createReadStream(this.store.uploads.partPath(uploadId, part.partNumber)),
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              digest?.update(chunk);
              yield chunk;
            }
          },
          out,
          { end: false },
        );
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (fullAlgorithm && digest) {
        checksum = { algorithm: fullAlgorithm, value: digest.digest().toString('base64'), type: 'FULL_OBJECT' };
      } else if (upload.checksumAlgorithm) {
        const values = chosen.map((p) => p.checksum);
        // Parts from before checksums were kept per part cannot make a composite checksum.
        if (values.every((v) => v)) {
          checksum = {
            algorithm: upload.checksumAlgorithm,
            value: compositeChecksum(upload.checksumAlgorithm, values as string[]),
            type: 'COMPOSITE',
          };
        }
      }
      const declared = checksum && req.headers[headerOf(checksum.algorithm)];
      if (typeof declared === 'string' && checksum && declared !== checksum.value) {
        throw new S3Error(
          'BadDigest',
          `The ${checksum.algorithm} you specified did not match the calculated checksum.`,
        );
      }
    } catch (err) {
      this.store.discard(target.path);
      throw err;
    }
    const etag = `${md5s.digest('hex')}-${chosen.length}`;
    const meta = await this.store.commitSoon(key, target.file, {
      size,
      etag,
      contentType: upload.contentType,
      metadata: upload.metadata,
      headers: upload.headers,
      checksum,
    });
    this.store.uploads.end(uploadId);
    sendXml(
      res,
      200,
      doc('CompleteMultipartUploadResult', {
        Location: `/${this.bucket}/${key}`,
        Bucket: this.bucket,
        Key: key,
        ETag: `"${etag}"`,
        ...(checksum ? { [elementOf(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type } : {}),
      }),
      this.store.versions.versioning === 'Unversioned' ? {} : { 'x-amz-version-id': meta.versionId },
    );
    return meta;
  }

  abort(key: string, uploadId: string, res: ServerResponse): void {
    this.open(key, uploadId);
    this.store.uploads.end(uploadId);
    res.writeHead(204).end();
  }

  /** ListParts: a page of up to `max-parts` parts after `part-number-marker`. */
  listParts(key: string, uploadId: string, q: URLSearchParams, res: ServerResponse): void {
    const maxParts = pageSize(q, 'max-parts');
    const marker = intParam(q, 'part-number-marker', 0);
    const upload = this.open(key, uploadId);
    const algorithm = upload.checksumAlgorithm;
    // One more than the page holds tells whether another page follows.
    const parts = maxParts === 0 ? [] : this.store.uploads.parts(uploadId, marker, maxParts + 1);
    const truncated = parts.length > maxParts;
    const page = parts.slice(0, maxParts);
    sendXml(
      res,
      200,
      doc('ListPartsResult', {
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumberMarker: marker,
        NextPartNumberMarker: page.at(-1)?.partNumber ?? 0,
        MaxParts: maxParts,
        IsTruncated: truncated,
        Part: page.map((p) => ({
          PartNumber: p.partNumber,
          LastModified: p.lastModified.toISOString(),
          ETag: `"${p.etag}"`,
          Size: p.size,
          ...(algorithm && p.checksum ? { [elementOf(algorithm)]: p.checksum } : {}),
        })),
        StorageClass: 'STANDARD',
        ChecksumAlgorithm: algorithm,
        ChecksumType: upload.checksumType,
      }),
    );
  }
}
