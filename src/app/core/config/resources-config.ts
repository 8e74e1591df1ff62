import type { ResourcesConfig } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';

/**
 * Endpoints amplify_outputs.json has no field for travel in its `custom` section (written by the
 * local backend, absent for a cloud backend). Pure function: the app's config loader and the
 * Node tests of the local backend both use it.
 */
export interface LocalBackendCustomOutputs {
  localBackend?: boolean;
  /** Cognito user pool endpoint, e.g. http://localhost:20005/cognito-idp */
  userPoolEndpoint?: string;
  /** Cognito identity pool endpoint, e.g. http://localhost:20005/cognito-identity */
  identityPoolEndpoint?: string;
  /** Set when the local S3 serves files: the Storage client's http://localhost:20005 switch. */
  s3LocalEndpoint?: string;
}

export function toResourcesConfig(outputs: Record<string, unknown>): ResourcesConfig {
  const config = parseAmplifyConfig(outputs as Parameters<typeof parseAmplifyConfig>[0]);
  const custom = (outputs['custom'] ?? {}) as LocalBackendCustomOutputs;
  if (config.Auth?.Cognito) {
    const cognito = { ...config.Auth.Cognito } as Record<string, unknown>;
    if (custom.userPoolEndpoint) cognito['userPoolEndpoint'] = custom.userPoolEndpoint;
    if (custom.identityPoolEndpoint) cognito['identityPoolEndpoint'] = custom.identityPoolEndpoint;
    config.Auth = { Cognito: cognito } as ResourcesConfig['Auth'];
  }
  if (config.Storage?.S3 && custom.s3LocalEndpoint) {
    config.Storage = { S3: { ...config.Storage.S3, dangerouslyConnectToHttpEndpointForTesting: 'true' } };
  }
  return config;
}
