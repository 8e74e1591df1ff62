import { InjectionToken } from '@angular/core';

export interface SignedInUser {
  userId: string;
  username: string;
  /** What the user typed to sign in (their email here). */
  loginId?: string;
  email?: string;
  groups: string[];
}

/** The stored tokens could not be checked or refreshed because the backend did not answer. */
export class BackendUnreachableError extends Error {
  override readonly name = 'BackendUnreachableError';
}

/** The slice of aws-amplify/auth the session needs; a seam so specs can fake Cognito. */
export interface AuthClient {
  /**
   * The signed-in user from the stored tokens (refreshed when expired), or null when nobody is
   * signed in. Throws BackendUnreachableError when a refresh is needed and the backend is gone:
   * the tokens are kept, so the user is still signed in once it is back.
   */
  load(): Promise<SignedInUser | null>;
  signOut(): Promise<void>;
  /** Calls back on Amplify auth events (signedIn, signedOut, tokenRefresh, …). Returns unsubscribe. */
  listen(listener: (event: string) => void): () => void;
}

/** Whether an error from an Amplify client means the request never got an answer. */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true; // fetch: "Failed to fetch"
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NetworkError' || name === 'BackendUnreachableError';
}

/** Amplify's auth, imported on first use so the first load of the console does not wait for it. */
export const amplifyAuthClient: AuthClient = {
  async load() {
    const { Amplify } = await import('aws-amplify');
    let tokens;
    try {
      // The user pool tokens only: the identity pool's AWS credentials are not needed to know
      // who is signed in, and fetching them would cost a request on every load.
      tokens = await Amplify.getTokens({});
    } catch (err) {
      if (isNetworkError(err)) throw new BackendUnreachableError('The backend cannot be reached.', { cause: err });
      throw err;
    }
    const idToken = tokens?.idToken;
    if (!tokens || !idToken) return null;
    const payload = idToken.payload;
    const groups = payload['cognito:groups'];
    const username = payload['cognito:username'];
    return {
      userId: String(payload.sub ?? tokens.accessToken.payload.sub ?? ''),
      username: typeof username === 'string' ? username : String(payload.sub ?? ''),
      loginId: tokens.signInDetails?.loginId,
      email: typeof payload['email'] === 'string' ? payload['email'] : undefined,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    };
  },
  async signOut() {
    const { signOut } = await import('aws-amplify/auth');
    await signOut();
  },
  listen(listener) {
    let stop: (() => void) | undefined;
    let stopped = false;
    void import('aws-amplify/utils').then(({ Hub }) => {
      if (!stopped) stop = Hub.listen('auth', ({ payload }) => listener(payload.event));
    });
    return () => {
      stopped = true;
      stop?.();
    };
  },
};

export const AUTH_CLIENT = new InjectionToken<AuthClient>('AuthClient', {
  providedIn: 'root',
  factory: () => amplifyAuthClient,
});
