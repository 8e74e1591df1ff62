import { InjectionToken } from '@angular/core';
import { fetchAuthSession, getCurrentUser, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

export interface SignedInUser {
  userId: string;
  username: string;
  /** What the user typed to sign in (their email here). */
  loginId?: string;
  email?: string;
  groups: string[];
}

/** The slice of aws-amplify/auth the session needs; a seam so specs can fake Cognito. */
export interface AuthClient {
  /** The signed-in user, or null when nobody is signed in. */
  load(): Promise<SignedInUser | null>;
  signOut(): Promise<void>;
  /** Calls back on Amplify auth events (signedIn, signedOut, tokenRefresh, …). Returns unsubscribe. */
  listen(listener: (event: string) => void): () => void;
}

export const amplifyAuthClient: AuthClient = {
  async load() {
    let current;
    try {
      current = await getCurrentUser();
    } catch {
      return null;
    }
    const session = await fetchAuthSession();
    const payload = session.tokens?.idToken?.payload ?? {};
    const groups = payload['cognito:groups'];
    return {
      userId: current.userId,
      username: current.username,
      loginId: current.signInDetails?.loginId,
      email: typeof payload['email'] === 'string' ? payload['email'] : undefined,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    };
  },
  signOut: () => signOut(),
  listen: (listener) => Hub.listen('auth', ({ payload }) => listener(payload.event)),
};

export const AUTH_CLIENT = new InjectionToken<AuthClient>('AuthClient', {
  providedIn: 'root',
  factory: () => amplifyAuthClient,
});
