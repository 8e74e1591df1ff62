/** Where the user pool answers: the configured endpoint (the local backend's), else Cognito's own. */
export function userPoolUrl(userPoolId: string, endpoint?: string): string {
  return endpoint || `https://cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/`;
}

/**
 * Asks the user pool whether it still honours an access token (GetUser, one small request).
 * Resolves to Cognito's refusal as an error-shaped object (name and message, as the Auth client
 * would throw it), or undefined when the token is honoured or the answer says nothing about it
 * (throttling, a server error). Rejects as fetch does when there is no answer.
 */
export async function userPoolRefusal(
  url: string,
  accessToken: string,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<{ name: string; message: string } | undefined> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
    },
    body: JSON.stringify({ AccessToken: accessToken }),
    cache: 'no-store',
  });
  if (response.status !== 400) return undefined;
  const body = (await response.json().catch(() => ({}))) as { __type?: unknown; message?: unknown };
  // `__type` may carry a namespace prefix ("com.amazonaws…#NotAuthorizedException").
  const name = typeof body.__type === 'string' ? (body.__type.split('#').pop() ?? '') : '';
  return { name, message: typeof body.message === 'string' ? body.message : '' };
}
