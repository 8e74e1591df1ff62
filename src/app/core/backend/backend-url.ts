/**
 * The address of the backend behind an outputs file, for messages and for the reachability probe:
 * the local backend's origin, or the regional Cognito endpoint of a cloud backend.
 */
export function backendUrl(outputs: Record<string, unknown>): string {
  const custom = (outputs['custom'] ?? {}) as { userPoolEndpoint?: string };
  if (custom.userPoolEndpoint) {
    try {
      return new URL(custom.userPoolEndpoint).origin;
    } catch {
      // fall through to the regional endpoint
    }
  }
  const region = (outputs['auth'] as { aws_region?: string } | undefined)?.aws_region ?? 'us-east-1';
  return `https://cognito-idp.${region}.amazonaws.com`;
}
