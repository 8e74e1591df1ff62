import type { FunctionRuntime } from './data/functions.ts';
import type { IdentityService } from './identity/index.ts';
import type { ServiceContext } from './service.ts';

/**
 * The AWS environment a function of the backend runs in locally: the resource ids it would read
 * from SSM, the local endpoints through the SDK's own per-service endpoint variables, and
 * credentials of an execution role allowed exactly the user-pool actions it was granted.
 */
export function functionRuntime(ctx: ServiceContext, identity: IdentityService): FunctionRuntime {
  return {
    region: identity.api.region,
    resourceIds: { AMPLIFY_AUTH_USERPOOL_ID: identity.api.userPoolId },
    endpoints: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${ctx.baseUrl}/cognito-idp` },
    credentials: (fn) => identity.admin.issueRoleCredentials(`${fn.name}-role/${fn.name}`, fn.userPoolActions),
  };
}
