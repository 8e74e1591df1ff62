import type { UserAdminEvent } from '../../amplify/functions/user-admin/handler.ts';
import type { TestBackend } from './test-backend.ts';

export type UserAdminHandler = (event: UserAdminEvent) => Promise<unknown>;

let loads = 0;

/**
 * The user-admin handler's source run in this process, as Lambda runs it: its environment names
 * the test backend's user pool and endpoint, and carries credentials of a role granted exactly
 * `actions` (IAM names, e.g. cognito-idp:ListUsers). Each call loads a fresh copy of the module,
 * because the handler keeps the SDK client it made from the environment at first use (so use a
 * handler once before loading the next). `restore()` puts the environment back as it was.
 */
export function userAdminHandlers(backend: TestBackend) {
  const saved = { ...process.env };
  return {
    async load(principal: string, actions: readonly string[]): Promise<UserAdminHandler> {
      const creds = backend.identityService.admin.issueRoleCredentials(principal, actions);
      Object.assign(process.env, {
        AMPLIFY_AUTH_USERPOOL_ID: backend.identity.userPoolId,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_SESSION_TOKEN: creds.sessionToken,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${backend.baseUrl}/cognito-idp`,
      });
      const module = (await import(`../../amplify/functions/user-admin/handler.ts?load=${++loads}`)) as {
        handler: UserAdminHandler;
      };
      return module.handler;
    },
    restore(): void {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}
