import { awsJson, signInTokens, type UserPoolAt } from './cognito-requests.ts';

export interface IdentityCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** A person's identity-pool credentials, as the Auth client gets them: sign in, GetId, GetCredentialsForIdentity. */
export async function identityCredentials(
  backend: UserPoolAt & { identity: { userPoolId: string; identityPoolId: string } },
  email: string,
  password: string,
): Promise<IdentityCredentials> {
  const tokens = await signInTokens(backend, email, password);
  const call = (op: string, body: unknown) =>
    awsJson(`${backend.baseUrl}/cognito-identity`, `AWSCognitoIdentityService.${op}`, body);
  const logins = { [`cognito-idp.us-east-1.amazonaws.com/${backend.identity.userPoolId}`]: tokens.IdToken };
  const id = await call('GetId', { IdentityPoolId: backend.identity.identityPoolId, Logins: logins });
  const creds = await call('GetCredentialsForIdentity', { IdentityId: id.json['IdentityId'], Logins: logins });
  const c = creds.json['Credentials'] as { AccessKeyId: string; SecretKey: string; SessionToken: string } | undefined;
  if (!c) throw new Error(`no identity-pool credentials for ${email}: ${JSON.stringify(creds.json)}`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken };
}
