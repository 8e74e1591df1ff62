import type { InventoryConfiguration } from './inventory-config.ts';
import { S3Error } from './s3-error.ts';
import { parseXml, type XmlContent, type XmlElement } from './xml.ts';

/** PutBucketInventoryConfiguration's document, read and written in S3's shape. */

/** The optional columns S3 Inventory knows; any other is refused as the schema refuses it. */
const OPTIONAL_FIELDS = new Set([
  'Size',
  'LastModifiedDate',
  'StorageClass',
  'ETag',
  'IsMultipartUploaded',
  'ReplicationStatus',
  'EncryptionStatus',
  'ObjectLockRetainUntilDate',
  'ObjectLockMode',
  'ObjectLockLegalHoldStatus',
  'IntelligentTieringAccessTier',
  'BucketKeyStatus',
  'ChecksumAlgorithm',
  'ObjectAccessControlList',
  'ObjectOwner',
  'LifecycleExpirationDate',
]);
const FORMATS = new Set(['CSV', 'ORC', 'Parquet']);
/** Up to 64 letters, digits, `.`, `-` and `_`. */
const ID = /^[\w.-]{1,64}$/;

const malformed = () =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

const child = (e: XmlContent | undefined, name: string): XmlElement | undefined => {
  const v = e && typeof e === 'object' && !Array.isArray(e) ? e[name] : undefined;
  if (v === undefined) return undefined;
  if (v === '') return {};
  return typeof v === 'object' && !Array.isArray(v) ? v : undefined;
};
const text = (e: XmlContent | undefined, name: string): string | undefined => {
  const v = e && typeof e === 'object' && !Array.isArray(e) ? e[name] : undefined;
  return typeof v === 'string' ? v : undefined;
};
function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw malformed();
  return value as T;
}

/** An inventory id as the query names it: InvalidArgument when missing or not a valid id. */
export function inventoryId(id: string | null): string {
  if (id === null || id === '') {
    throw new S3Error('InvalidArgument', 'Inventory configuration id is required', {
      ArgumentName: 'id',
      ArgumentValue: '',
    });
  }
  if (!ID.test(id)) {
    throw new S3Error('InvalidArgument', 'Invalid inventory configuration id', {
      ArgumentName: 'id',
      ArgumentValue: id,
    });
  }
  return id;
}

/**
 * The configuration a PutBucketInventoryConfiguration sends for `id`: MalformedXML for anything the
 * schema does not allow, InvalidArgument when its Id is not the query's, InvalidS3DestinationBucket
 * for a destination that is not an S3 bucket ARN.
 */
export function parseInventoryConfiguration(xml: string, id: string, bucket: string): InventoryConfiguration {
  const body = parseXml(xml, 'InventoryConfiguration', ['Field']);
  const destination = child(child(body, 'Destination'), 'S3BucketDestination');
  const bodyId = text(body, 'Id');
  const arn = text(destination, 'Bucket');
  const frequency = text(child(body, 'Schedule'), 'Frequency');
  const format = text(destination, 'Format');
  if (!destination || bodyId === undefined || arn === undefined || format === undefined || !frequency) {
    throw malformed();
  }
  if (bodyId !== id) {
    throw new S3Error('InvalidArgument', 'The Id in the configuration does not match the id in the request', {
      ArgumentName: 'id',
      ArgumentValue: bodyId,
    });
  }
  if (!FORMATS.has(format)) throw malformed();
  const fieldsElement = body['OptionalFields'];
  const fields =
    fieldsElement === undefined || fieldsElement === '' ? [] : (child(body, 'OptionalFields')?.['Field'] ?? []);
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string' || !OPTIONAL_FIELDS.has(f))) {
    throw malformed();
  }
  const named = /^arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/.exec(arn);
  if (!named) {
    throw new S3Error(
      'InvalidS3DestinationBucket',
      arn.startsWith('arn:aws:s3:') ? 'Bucket ARN should not specify a namespace.' : 'Invalid bucket ARN.',
    );
  }
  const accountId = text(destination, 'AccountId');
  return {
    id,
    enabled: oneOf(text(body, 'IsEnabled'), ['true', 'false']) === 'true',
    prefix: text(child(body, 'Filter'), 'Prefix') ?? '',
    includedVersions: oneOf(text(body, 'IncludedObjectVersions'), ['All', 'Current']),
    frequency: oneOf(frequency, ['Daily', 'Weekly']),
    fields: fields as string[],
    format,
    toThisBucket: named[1] === bucket,
    ...(named[1] === bucket ? {} : { destinationArn: arn }),
    ...(accountId ? { accountId } : {}),
    destinationPrefix: text(destination, 'Prefix') ?? '',
  };
}

/** A configuration as GetBucketInventoryConfiguration answers it (children in S3's order). */
export function inventoryElement(config: InventoryConfiguration, bucket: string): XmlElement {
  return {
    Destination: {
      S3BucketDestination: {
        AccountId: config.accountId,
        Bucket: config.toThisBucket ? `arn:aws:s3:::${bucket}` : config.destinationArn,
        Format: config.format,
        Prefix: config.destinationPrefix || undefined,
      },
    },
    IsEnabled: String(config.enabled),
    Filter: config.prefix ? { Prefix: config.prefix } : undefined,
    Id: config.id,
    IncludedObjectVersions: config.includedVersions,
    OptionalFields: config.fields.length ? { Field: config.fields } : undefined,
    Schedule: { Frequency: config.frequency },
  };
}
