import { S3Error } from './s3-error.ts';
import { copySource } from './versions.ts';

const unnamed = () =>
  new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');

/**
 * The object an `x-amz-copy-source` header names (`[/]bucket/key[?versionId=…]`, URL-encoded),
 * checked against the one bucket this S3 serves.
 */
export function copySourceKey(header: string, bucket: string): { key: string; versionId: string | undefined } {
  const { path, versionId } = copySource(header);
  let source: string;
  try {
    source = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw unnamed();
  }
  const slash = source.indexOf('/');
  if (slash < 0) throw unnamed();
  if (source.slice(0, slash) !== bucket) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
  return { key: source.slice(slash + 1), versionId };
}
