interface AuthOutputs {
  aws_region?: string;
  user_pool_id?: string;
}

/** The Cognito user pool endpoint the client talks to: the outputs' own one, else the regional one. */
function userPoolEndpoint(outputs: Record<string, unknown>): URL {
  const custom = (outputs['custom'] ?? {}) as { userPoolEndpoint?: string };
  if (custom.userPoolEndpoint) {
    try {
      return new URL(custom.userPoolEndpoint);
    } catch {
      // fall through to the regional endpoint
    }
  }
  const region = (outputs['auth'] as AuthOutputs | undefined)?.aws_region ?? 'us-east-1';
  return new URL(`https://cognito-idp.${region}.amazonaws.com`);
}

/**
 * The address of the backend behind an outputs file, as messages name it: the local backend's
 * origin, or the regional Cognito endpoint of a cloud backend.
 */
export function backendUrl(outputs: Record<string, unknown>): string {
  return userPoolEndpoint(outputs).origin;
}

/**
 * What the reachability probe asks: the user pool's public signing keys
 * (`<endpoint>/<pool id>/.well-known/jwks.json`). Cognito and the local backend both answer it
 * with 200 to anyone, with CORS, so a healthy backend costs the browser console no error line.
 * Without a pool id, the backend's address.
 */
export function probeUrl(outputs: Record<string, unknown>): string {
  const poolId = (outputs['auth'] as AuthOutputs | undefined)?.user_pool_id;
  if (!poolId) return backendUrl(outputs);
  const endpoint = userPoolEndpoint(outputs).href.replace(/\/+$/, '');
  return `${endpoint}/${encodeURIComponent(poolId)}/.well-known/jwks.json`;
}
