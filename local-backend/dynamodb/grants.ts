import type { AssumedRole, IssuedCredentials } from '../identity/api.ts';
import type { SigningCredentials } from '../sigv4/verify.ts';
import { DynamoDbError } from './errors.ts';
import { ACCOUNT } from './tables.ts';

/** One Allow statement of an IAM policy: action and resource patterns (`*` and `?` as IAM reads them). */
export interface PolicyStatement {
  actions: string[];
  resources: string[];
}

/** Credentials of an execution role and what its policies allow. */
export interface RoleGrant {
  creds: SigningCredentials;
  /** `<role>/<session>`, as the assumed-role ARN names it. */
  principal: string;
  statements: PolicyStatement[];
}

const patterns = new Map<string, RegExp>();
function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const id = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = patterns.get(id);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    patterns.set(id, re);
  }
  return re;
}

function roleName(role: AssumedRole): string {
  return role.kind === 'group'
    ? `${role.group}GroupRole`
    : role.kind === 'guest'
      ? 'unauthenticatedUserRole'
      : 'authenticatedUserRole';
}

/**
 * Who may call the local DynamoDB: function roles with the statements synthesized for them; an
 * identity-pool role (a browser's) signs validly but Amplify grants it nothing on the tables.
 */
export class DynamoDbGrants {
  private readonly roles = new Map<string, RoleGrant>();

  constructor(private readonly issued: (accessKeyId: string) => IssuedCredentials | undefined) {}

  add(grant: RoleGrant): void {
    this.roles.set(grant.creds.accessKeyId, grant);
  }

  /** The credentials behind an access key, for the signature check. */
  credentials(accessKeyId: string): SigningCredentials | undefined {
    return this.roles.get(accessKeyId)?.creds ?? this.issued(accessKeyId);
  }

  /** Refuses with IAM's AccessDeniedException unless a statement allows `action` on `resource`. */
  authorize(accessKeyId: string, action: string, resource: string): void {
    const role = this.roles.get(accessKeyId);
    const allowed = role?.statements.some(
      (s) =>
        s.actions.some((a) => wildcard(a, true).test(action)) &&
        s.resources.some((r) => wildcard(r, false).test(resource)),
    );
    if (allowed) return;
    const issued = role ? undefined : this.issued(accessKeyId);
    const principal = role?.principal ?? `${issued ? roleName(issued.role) : 'unknown'}/CognitoIdentityCredentials`;
    throw new DynamoDbError(
      'AccessDeniedException',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
  }
}
