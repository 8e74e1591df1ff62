/** An S3 Inventory configuration of the bucket, as the synthesized template sets it. */
export interface InventoryConfiguration {
  id: string;
  enabled: boolean;
  /** Only the objects under this prefix ('' for all). */
  prefix: string;
  includedVersions: 'Current' | 'All';
  frequency: 'Daily' | 'Weekly';
  /** The optional columns, in S3's names and in the order configured. */
  fields: string[];
  format: string;
  /** True when the reports go to this bucket itself (the only bucket the local S3 has). */
  toThisBucket: boolean;
  /** The destination's ARN when it is another bucket (kept as set, never delivered to locally). */
  destinationArn?: string;
  /** The destination bucket's owner account, when the configuration names one. */
  accountId?: string;
  /** The key prefix of the reports in the destination bucket ('' for none). */
  destinationPrefix: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/**
 * The bucket's `InventoryConfigurations` property. `isThisBucket` tells whether a destination
 * BucketArn (a reference, usually) names the bucket itself.
 */
export function inventoryConfigurations(
  value: unknown,
  isThisBucket: (arn: unknown) => boolean,
): InventoryConfiguration[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObj).map((c, i) => {
    const destination = isObj(c['Destination']) ? c['Destination'] : {};
    return {
      id: str(c['Id'], `inventory ${i + 1}`),
      enabled: c['Enabled'] === true || c['Enabled'] === 'true',
      prefix: str(c['Prefix']),
      includedVersions: c['IncludedObjectVersions'] === 'All' ? 'All' : 'Current',
      frequency: c['ScheduleFrequency'] === 'Weekly' ? 'Weekly' : 'Daily',
      fields: Array.isArray(c['OptionalFields']) ? c['OptionalFields'].map(String) : [],
      format: str(destination['Format'], 'CSV'),
      toThisBucket: isThisBucket(destination['BucketArn']),
      destinationPrefix: str(destination['Prefix']),
    };
  });
}
