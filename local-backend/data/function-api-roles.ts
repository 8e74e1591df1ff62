import type { SigningCredentials } from '../sigv4/verify.ts';

/**
 * A function role's `appsync:GraphQL` statement, resources relative to the API's ARN:
 * `types/Mutation/*` (what `allow.resource(fn).to(['mutate'])` grants) or
 * `types/Mutation/fields/createAuditEvent` (a narrower statement a backend.ts adds).
 */
export interface GraphqlStatement {
  effect: 'Allow' | 'Deny';
  resources?: string[];
  notResources?: string[];
}

/** What a function's execution role may do on the GraphQL API, from its synthesized policies. */
export interface GraphqlGrants {
  statements: GraphqlStatement[];
  /** s3:GetObject on the Data construct's model introspection schema (the data client config reads it). */
  schemaObject: boolean;
}

/** A signed request's principal that is a function's execution role, not an identity-pool identity. */
export interface FunctionRole {
  principal: string;
  /** IAM's answer for `appsync:GraphQL` on `types/<type>/fields/<field>`. */
  mayCall(typeName: string, fieldName: string): boolean;
}

/** IAM string matching: `*` any run of characters, `?` one. */
function like(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${source}$`, 's').test(value);
}

function matches(statement: GraphqlStatement, resource: string): boolean {
  if (statement.notResources) return !statement.notResources.some((p) => like(p, resource));
  return (statement.resources ?? []).some((p) => like(p, resource));
}

/** IAM's evaluation: an explicit Deny wins, else some Allow must match, else denied. */
export function allowsGraphql(statements: GraphqlStatement[], typeName: string, fieldName: string): boolean {
  const resource = `types/${typeName}/fields/${fieldName}`;
  if (statements.some((s) => s.effect === 'Deny' && matches(s, resource))) return false;
  return statements.some((s) => s.effect === 'Allow' && matches(s, resource));
}

/**
 * The execution roles of the backend's functions as the GraphQL API knows them: their credentials
 * (which the API verifies SigV4 signatures against) and their `appsync:GraphQL` statements.
 */
export class FunctionApiRoles {
  private readonly roles = new Map<string, { creds: SigningCredentials; role: FunctionRole; grants: GraphqlGrants }>();

  add(creds: SigningCredentials, principal: string, grants: GraphqlGrants): void {
    const role: FunctionRole = {
      principal,
      mayCall: (typeName, fieldName) => allowsGraphql(grants.statements, typeName, fieldName),
    };
    this.roles.set(creds.accessKeyId, { creds, role, grants });
  }

  credentials(accessKeyId: string): SigningCredentials | undefined {
    return this.roles.get(accessKeyId)?.creds;
  }

  role(accessKeyId: string): FunctionRole | undefined {
    return this.roles.get(accessKeyId)?.role;
  }

  /** Whether the role may read the model introspection schema object. */
  mayReadSchema(accessKeyId: string): boolean {
    return this.roles.get(accessKeyId)?.grants.schemaObject ?? false;
  }
}
