import { AppSyncError, requestId } from './errors.ts';

/** DynamoDB's item size limit: attribute names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024;

const dynamoDbError = (message: string) =>
  new AppSyncError(
    'DynamoDB:DynamoDbException',
    `${message} (Service: DynamoDb, Status Code: 400, Request ID: ${requestId()})`,
  );

/** How DynamoDB counts an attribute value's size (strings in UTF-8, numbers by digits). */
function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(Math.abs(value))
      .replace(/[^0-9]/g, '')
      .replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + itemSize(value as Record<string, unknown>) + Object.keys(value).length;
  return Buffer.byteLength(String(value), 'utf8');
}

/** The size DynamoDB gives an item: each attribute's name and value. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

/** DynamoDB refuses a key attribute holding an empty string (a record nothing could list). */
export function checkKeyValues(keyFields: string[], values: Record<string, unknown>): void {
  for (const field of keyFields) {
    if (values[field] === '') {
      throw dynamoDbError(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${field}`,
      );
    }
  }
}

/** DynamoDB refuses an item over 400 KB. */
export function checkItemSize(item: Record<string, unknown>): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw dynamoDbError('Item size has exceeded the maximum allowed size');
}
