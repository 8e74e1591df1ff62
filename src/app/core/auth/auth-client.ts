import { InjectionToken } from '@angular/core';
import { SessionRefusedError, refusalOf } from './session-end';
import { userPoolRefusal, userPoolUrl } from './user-pool-check';

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
   * signed in. With `verify`, the user pool is also asked whether it still honours them (tokens
   * that have not expired say nothing about a person disabled since). Throws
   * SessionRefusedError, with the reason, when Cognito refused the tokens or their refresh (the
   * tokens are then gone), and BackendUnreachableError when the backend did not answer (the tokens
   * are kept, so the user is still signed in once it is back).
   */
  load(options?: { verify?: boolean }): Promise<SignedInUser | null>;
  signOut(): Promise<void>;
  /**
   * Calls back on Amplify auth events (signedIn, signedOut, tokenRefresh, …), with the error of a
   * tokenRefresh_failure. Returns unsubscribe.
   */
  listen(listener: (event: string, error?: unknown) => void): () => void;
}

/** Whether an error from an Amplify client means the request never got an answer. */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true; // fetch: "Failed to fetch"
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NetworkError' || name === 'BackendUnreachableError';
}

type AmplifyTokens = Awaited<ReturnType<(typeof import('aws-amplify'))['Amplify']['getTokens']>> & {
  signInDetails?: { loginId?: string };
};

/** Amplify's auth, imported on first use so the first load of the console does not wait for it. */
export const amplifyAuthClient: AuthClient = {
  async load(options = {}) {
    const [{ Amplify }, { Hub }] = await Promise.all([import('aws-amplify'), import('aws-amplify/utils')]);
    // Amplify answers a refused refresh with no tokens; the reason travels on its Hub event.
    let refreshRefusal: unknown;
    const stop = Hub.listen('auth', ({ payload }) => {
      if (payload.event === 'tokenRefresh_failure') refreshRefusal = (payload.data as { error?: unknown })?.error;
    });
    try {
      let tokens = await storedTokens(Amplify, false);
      const refusal = tokens && options.verify ? refusalOf(await askUserPool(Amplify, tokens)) : undefined;
      if (refusal) {
        // A refresh says why most exactly ("User is disabled."), and makes Amplify drop the tokens.
        tokens = await storedTokens(Amplify, true);
        if (!tokens) throw new SessionRefusedError(refusalOf(refreshRefusal) ?? refusal);
      }
      if (!tokens) {
        const reason = refusalOf(refreshRefusal);
        if (reason) throw new SessionRefusedError(reason, { cause: refreshRefusal });
        return null;
      }
      return userOf(tokens);
    } finally {
      stop();
    }
  },
  async signOut() {
    const { signOut } = await import('aws-amplify/auth');
    await signOut();
  },
  listen(listener) {
    let stop: (() => void) | undefined;
    let stopped = false;
    void import('aws-amplify/utils').then(({ Hub }) => {
      if (!stopped)
        stop = Hub.listen('auth', ({ payload }) =>
          listener(payload.event, (payload as { data?: { error?: unknown } }).data?.error),
        );
    });
    return () => {
      stopped = true;
      stop?.();
    };
  },
};

/**
 * The user pool tokens only: the identity pool's AWS credentials are not needed to know who is
 * signed in, and fetching them would cost a request on every load.
 */
async function storedTokens(
  amplify: (typeof import('aws-amplify'))['Amplify'],
  forceRefresh: boolean,
): Promise<AmplifyTokens | undefined> {
  try {
    return (await amplify.getTokens({ forceRefresh })) as AmplifyTokens | undefined;
  } catch (err) {
    if (isNetworkError(err)) throw new BackendUnreachableError('The backend cannot be reached.', { cause: err });
    // A refresh refused with an error other than NotAuthorizedException (UserNotFoundException) is thrown.
    const reason = refusalOf(err);
    if (reason) throw new SessionRefusedError(reason, { cause: err });
    throw err;
  }
}

/** The user pool's refusal of the access token (GetUser), if it refuses it. */
async function askUserPool(amplify: (typeof import('aws-amplify'))['Amplify'], tokens: AmplifyTokens) {
  const cognito = amplify.getConfig().Auth?.Cognito;
  if (!cognito?.userPoolId) return undefined;
  try {
    return await userPoolRefusal(userPoolUrl(cognito.userPoolId, cognito.userPoolEndpoint), String(tokens.accessToken));
  } catch (err) {
    throw new BackendUnreachableError('The backend cannot be reached.', { cause: err });
  }
}

function userOf(tokens: AmplifyTokens): SignedInUser | null {
  const idToken = tokens.idToken;
  if (!idToken) return null;
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
}

export const AUTH_CLIENT = new InjectionToken<AuthClient>('AuthClient', {
  providedIn: 'root',
  factory: () => amplifyAuthClient,
});
