import type { BucketGrant } from '../data/function-resource-grants.ts';
import type { IssuedCredentials } from '../identity/api.ts';
import type { SigningCredentials } from '../sigv4/verify.ts';
import type { StorageAction } from './access-rules.ts';

/** The IAM action each storage action of the local S3 needs, as Amplify grants them. */
const IAM_ACTION: Record<StorageAction, string> = {
  get: 's3:GetObject',
  list: 's3:ListBucket',
  write: 's3:PutObject',
  delete: 's3:DeleteObject',
};

/** IAM string matching: `*` any run of characters, `?` one. */
function like(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Execution roles of the backend's functions on the bucket: their credentials, and the bucket
 * statements synthesized for them (defineStorage's `allow.resource(fn)`). Nothing else is allowed.
 */
export class FunctionBucketGrants {
  private readonly roles = new Map<string, { creds: IssuedCredentials; grants: BucketGrant[] }>();

  add(creds: SigningCredentials & { expiration: Date }, principal: string, grants: BucketGrant[]): void {
    this.roles.set(creds.accessKeyId, {
      creds: {
        ...creds,
        identityId: principal,
        authenticated: true,
        groups: [],
        role: { kind: 'authenticated' },
      },
      grants,
    });
  }

  credentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.roles.get(accessKeyId)?.creds;
  }

  isFunctionRole(caller: IssuedCredentials): boolean {
    return this.roles.has(caller.accessKeyId);
  }

  /** For `list`, `key` is the listing's prefix, checked against the statement's s3:prefix condition. */
  isAllowed(caller: IssuedCredentials, action: StorageAction, key: string): boolean {
    const grants = this.roles.get(caller.accessKeyId)?.grants ?? [];
    const iamAction = IAM_ACTION[action];
    return grants.some(
      (g) =>
        g.actions.some((a) => like(a.toLowerCase(), iamAction.toLowerCase())) &&
        (action === 'list'
          ? g.keys.includes('') && (g.listPrefixes === undefined || g.listPrefixes.some((p) => like(p, key)))
          : g.keys.some((k) => k !== '' && like(k, key))),
    );
  }

  /** An IAM action on the bucket itself (a bucket setting such as s3:GetInventoryConfiguration). */
  allowsOnBucket(caller: IssuedCredentials, iamAction: string): boolean {
    const grants = this.roles.get(caller.accessKeyId)?.grants ?? [];
    return grants.some(
      (g) => g.keys.includes('') && g.actions.some((a) => like(a.toLowerCase(), iamAction.toLowerCase())),
    );
  }

  hasAnyGrant(caller: IssuedCredentials): boolean {
    return (this.roles.get(caller.accessKeyId)?.grants.length ?? 0) > 0;
  }
}
