/**
 * The bucket's S3 Inventory, which the orphan scan reads instead of listing every file: a daily CSV
 * report of the files under images/, written into the bucket itself under reports/inventory
 * (where the scan may read and no group may write), S3's layout
 * `<prefix>/<bucket>/<id>/<YYYY-MM-DDTHH-MMZ>/manifest.json` with the CSVs under `<id>/data/`.
 */
export const INVENTORY_ID = 'files-daily';
export const INVENTORY_PREFIX = 'reports/inventory';
export const INVENTORY_SOURCE_PREFIX = 'images/';
/** The columns after Bucket and Key, in S3's names. */
export const INVENTORY_FIELDS = ['Size', 'LastModifiedDate', 'ETag'];
