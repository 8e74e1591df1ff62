/** What starts a run: EventBridge Scheduler's notification, or AppSync's event for startOrphanScan. */
export interface OrphanScanEvent {
  source?: string;
  fieldName?: string;
  identity?: {
    username?: string;
    sub?: string;
    /** The user pool that signed the caller's token: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
    issuer?: string;
    claims?: { email?: string };
  } | null;
}

/** Finds a user's email in a pool, or undefined. */
export type EmailLookup = (userPoolId: string, username: string) => Promise<string | undefined>;

/**
 * Who the run names as its starter, as other operators can read it: the caller's email, or
 * `schedule` for a scheduled run (`invoke` when invoked by anything else). AppSync hands the
 * function the access token's claims, which hold an opaque username and no email, so the email
 * is looked up in the pool that signed the token (AdminGetUser, granted in amplify/backend.ts).
 * When that fails the username is recorded and the run goes on: a name is not worth a lost report.
 */
export async function startedByOf(
  event: OrphanScanEvent | null,
  lookup: EmailLookup = adminGetUserEmail,
  log: (message: string) => void = console.warn,
): Promise<string> {
  const identity = event?.identity;
  if (!identity) return event?.source === 'aws.scheduler' ? 'schedule' : 'invoke';
  if (identity.claims?.email) return identity.claims.email;
  const username = identity.username ?? identity.sub ?? 'unknown';
  const poolId = identity.issuer?.split('/').pop();
  if (!poolId || !identity.username) return username;
  try {
    return (await lookup(poolId, identity.username)) ?? username;
  } catch (err) {
    log(
      `the starter's email was not found (${err instanceof Error ? err.message : String(err)}): recording ${username}`,
    );
    return username;
  }
}

/** AdminGetUser with the function's role; the client is loaded only for a run someone started. */
async function adminGetUserEmail(userPoolId: string, username: string): Promise<string | undefined> {
  const { CognitoIdentityProviderClient, AdminGetUserCommand } =
    await import('@aws-sdk/client-cognito-identity-provider');
  const client = new CognitoIdentityProviderClient({});
  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return user.UserAttributes?.find((a) => a.Name === 'email')?.Value;
  } finally {
    client.destroy();
  }
}
