/** Cognito requests sent by hand, as the Auth client sends them (AWS JSON 1.1, an X-Amz-Target). */

export interface AwsJsonAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** One AWS JSON 1.1 request to `url` for `target` (e.g. AWSCognitoIdentityService.GetId). */
export async function awsJson(url: string, target: string, body: unknown): Promise<AwsJsonAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** One user-pool operation (InitiateAuth, GetUser, …) on the backend at `baseUrl`. */
export function cognitoCall(baseUrl: string, operation: string, body: unknown): Promise<AwsJsonAnswer> {
  return awsJson(`${baseUrl}/cognito-idp`, `AWSCognitoIdentityProviderService.${operation}`, body);
}

/** What a password sign-in needs of a running backend. */
export interface UserPoolAt {
  baseUrl: string;
  identity: { userPoolClientId: string };
}

/** A USER_PASSWORD_AUTH sign-in, answered as it came: tokens, a challenge or a refusal. */
export function passwordSignIn(backend: UserPoolAt, email: string, password: string): Promise<AwsJsonAnswer> {
  return cognitoCall(backend.baseUrl, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: backend.identity.userPoolClientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
}

export interface SignInTokens {
  IdToken: string;
  AccessToken: string;
  RefreshToken: string;
}

/** The tokens of a password sign-in that has to work (it throws with Cognito's answer otherwise). */
export async function signInTokens(backend: UserPoolAt, email: string, password: string): Promise<SignInTokens> {
  const { json } = await passwordSignIn(backend, email, password);
  const tokens = json['AuthenticationResult'] as SignInTokens | undefined;
  if (!tokens) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(json)}`);
  return tokens;
}
