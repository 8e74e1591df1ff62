import type { AuthClient, SignedInUser } from '../app/core/auth/auth-client';

/** A Cognito stand-in for component specs: a settable user and Amplify-style auth events. */
export class FakeAuthClient implements AuthClient {
  user: SignedInUser | null = null;
  signOutCalls = 0;
  private listeners = new Set<(event: string) => void>();

  async load(): Promise<SignedInUser | null> {
    return this.user;
  }

  async signOut(): Promise<void> {
    this.signOutCalls++;
    this.user = null;
    this.emit('signedOut');
  }

  listen(listener: (event: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: string): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Signs a user in the way Amplify does: the user exists, then `signedIn` fires. */
  signIn(user: Partial<SignedInUser> & { groups: string[] }): void {
    this.user = { userId: 'u-1', username: 'u-1', email: 'someone@example.com', ...user };
    this.emit('signedIn');
  }
}

export function userIn(...groups: string[]): SignedInUser {
  return {
    userId: `id-${groups.join('-')}`,
    username: 'x',
    email: `${groups[0]?.toLowerCase() ?? 'none'}@example.com`,
    groups,
  };
}
