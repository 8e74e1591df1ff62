import type { AuthClient, SignedInUser } from '../app/core/auth/auth-client';
import { SessionRefusedError, type SessionEndReason } from '../app/core/auth/session-end';

/** A Cognito stand-in for component specs: a settable user and Amplify-style auth events. */
export class FakeAuthClient implements AuthClient {
  user: SignedInUser | null = null;
  /** Set: the user pool refuses the stored tokens, for this reason, when a load asks it (verify). */
  refusal: SessionEndReason | null = null;
  signOutCalls = 0;
  /** How many loads asked the user pool. */
  verifiedLoads = 0;
  private listeners = new Set<(event: string, error?: unknown) => void>();

  async load(options: { verify?: boolean } = {}): Promise<SignedInUser | null> {
    if (options.verify) this.verifiedLoads++;
    if (options.verify && this.refusal && this.user) {
      this.user = null; // Amplify drops the refused tokens
      throw new SessionRefusedError(this.refusal);
    }
    return this.user;
  }

  async signOut(): Promise<void> {
    this.signOutCalls++;
    this.user = null;
    this.emit('signedOut');
  }

  listen(listener: (event: string, error?: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: string, error?: unknown): void {
    for (const listener of this.listeners) listener(event, error);
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
