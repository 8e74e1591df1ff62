import type { IssuedCredentials } from '../identity/api.ts';
import { likeIam, roleKey } from './access-rules.ts';
import type { TemplateGrant } from './bucket-template.ts';

/** IAM actions about versions, which Gen 2's storage access rules never grant. */
export type VersionAction =
  | 's3:ListBucketVersions'
  | 's3:GetObjectVersion'
  | 's3:DeleteObjectVersion'
  | 's3:PutBucketVersioning'
  // Bucket settings Amplify never grants either (the S3 Inventory configuration API).
  | 's3:PutInventoryConfiguration'
  | 's3:GetInventoryConfiguration';

/**
 * Whether the statements synthesized for the caller's role allow `action`: on the object `key`,
 * or (ListBucketVersions, PutBucketVersioning) on the bucket with `prefix` as the s3:prefix the
 * request carries. An explicit Deny wins, as in IAM; nothing stated is nothing allowed.
 */
export function templateAllows(
  grants: readonly TemplateGrant[],
  caller: IssuedCredentials,
  action: VersionAction,
  target: { key: string } | { prefix: string },
): boolean {
  const role = roleKey(caller.role);
  const onBucket = 'prefix' in target;
  const applies = (g: TemplateGrant) =>
    g.role === role &&
    g.actions.some((a) => likeIam(a.toLowerCase(), action.toLowerCase())) &&
    g.resources.some((r) => (onBucket ? r === '' : r !== '' && likeIam(r, target.key))) &&
    (g.prefixes === undefined || (onBucket && g.prefixes.some((p) => likeIam(p, target.prefix))));
  const matching = grants.filter(applies);
  return matching.some((g) => g.effect === 'Allow') && !matching.some((g) => g.effect === 'Deny');
}
