import type { IssuedCredentials } from '../identity/api.ts';
import { hasAnyGrant, isAllowed, type StorageAccessPolicy, type StorageAction } from './access-rules.ts';
import type { TemplateGrant } from './bucket-template.ts';
import type { FunctionBucketGrants } from './function-grants.ts';
import { S3Error } from './s3-error.ts';
import { templateAllows, type VersionAction } from './version-grants.ts';

/**
 * Who may do what in the bucket: a function's role by its synthesized statements, anyone else
 * by the storage rules' policy for their role; actions about versions by the role statements
 * synthesized for the bucket (or, without a synthesis, as the storage rules would judge them).
 */
export class BucketAccess {
  constructor(
    private readonly policy: StorageAccessPolicy,
    private readonly functionRoles: FunctionBucketGrants,
    private readonly grants?: readonly TemplateGrant[],
  ) {}

  authorize(caller: IssuedCredentials, action: StorageAction, key: string): void {
    if (!this.isAllowed(caller, action, key)) throw new S3Error('AccessDenied', 'Access Denied');
  }
  /** An IAM action about versions: as the synthesized statements allow it (or, with none, as `fallback` would). */
  authorizeVersion(
    caller: IssuedCredentials,
    action: VersionAction,
    target: { key: string } | { prefix: string },
    fallback?: [StorageAction, string],
  ): void {
    const allowed = this.grants
      ? templateAllows(this.grants, caller, action, target)
      : fallback !== undefined && isAllowed(this.policy, caller, ...fallback);
    if (!allowed) throw new S3Error('AccessDenied', 'Access Denied');
  }

  /**
   * An IAM action on a bucket setting (the inventory configuration API): a function's role by its
   * statements on the bucket, anyone else by the role statements synthesized for the bucket.
   */
  authorizeBucketSetting(
    caller: IssuedCredentials,
    action: 's3:PutInventoryConfiguration' | 's3:GetInventoryConfiguration',
  ): void {
    const allowed = this.functionRoles.isFunctionRole(caller)
      ? this.functionRoles.allowsOnBucket(caller, action)
      : !!this.grants && templateAllows(this.grants, caller, action, { prefix: '' });
    if (!allowed) throw new S3Error('AccessDenied', 'Access Denied');
  }

  isAllowed(caller: IssuedCredentials, action: StorageAction, key: string): boolean {
    return this.functionRoles.isFunctionRole(caller)
      ? this.functionRoles.isAllowed(caller, action, key)
      : isAllowed(this.policy, caller, action, key);
  }

  hasAnyGrant(caller: IssuedCredentials): boolean {
    return this.functionRoles.isFunctionRole(caller)
      ? this.functionRoles.hasAnyGrant(caller)
      : hasAnyGrant(this.policy, caller);
  }

  /** s3:DeleteObjectVersion for a key when a version is named (DeleteObjects), else `delete`. */
  mayDelete(caller: IssuedCredentials, key: string, versionId: string | undefined): boolean {
    return versionId && this.grants
      ? templateAllows(this.grants, caller, 's3:DeleteObjectVersion', { key })
      : this.isAllowed(caller, 'delete', key);
  }
}
