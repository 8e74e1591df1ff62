import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Reachability } from '../backend/reachability';
import { AUTH_CLIENT, isNetworkError, type SignedInUser } from './auth-client';
import { ROLES, isRole, rolesFor, type Permission, type Role } from './roles';

/**
 * `unreachable`: the backend did not answer when the session was first loaded, so whether anyone
 * is signed in is not known yet; the stored tokens are kept and Reachability retries until it
 * answers. (A console already signed in stays `signed-in` and shows a banner instead.)
 */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'unreachable';

/**
 * The one source of truth for who is signed in: the user and their groups, as signals. Follows
 * Amplify's auth events, so the shell, guards and `*appHasRole` all see a sign-in, sign-out or
 * token refresh (new groups) at once; the root component picks the page from `status`.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly auth = inject(AUTH_CLIENT);
  private readonly reachability = inject(Reachability);
  private readonly userSignal = signal<SignedInUser | null>(null);
  private readonly statusSignal = signal<SessionStatus>('unknown');
  private loading?: Promise<void>;
  private refreshing?: Promise<void>;

  readonly user = this.userSignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  readonly signedIn = computed(() => this.statusSignal() === 'signed-in');
  /** All Cognito groups of the user, as the ID token says. */
  readonly groups = computed(() => this.userSignal()?.groups ?? []);
  /** The console roles among those groups, strongest first. */
  readonly roles = computed<Role[]>(() => ROLES.filter((role) => this.groups().includes(role)));
  readonly displayName = computed(() => {
    const user = this.userSignal();
    return user ? (user.email ?? user.loginId ?? user.username) : '';
  });

  constructor() {
    const stopAuth = this.auth.listen((event) => {
      if (event === 'signedIn' || event === 'tokenRefresh') void this.refresh();
      // A failed refresh clears the tokens only when Cognito refused them; on a network failure
      // they stay. Loading again tells the two apart.
      if (event === 'tokenRefresh_failure') void this.refresh();
      if (event === 'signedOut') this.set(null, 'signed-out');
    });
    // Back: load the session again (an open console gets its tokens refreshed if they expired).
    const stopReachability = this.reachability.onRestored(() => void this.refresh());
    inject(DestroyRef).onDestroy(() => {
      stopAuth();
      stopReachability();
    });
  }

  /** Resolves once the session is known (loads it the first time). */
  ready(): Promise<void> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  /** Loads the session again; concurrent calls share one load. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The Retry button of the unreachable page: probe now, and load the session if it answers. */
  async retry(): Promise<void> {
    if (await this.reachability.retryNow()) await this.refresh();
  }

  hasAnyRole(roles: readonly string[]): boolean {
    const mine = this.roles();
    return roles.some((role) => isRole(role) && mine.includes(role));
  }

  can(permission: Permission): boolean {
    return this.hasAnyRole(rolesFor(permission));
  }

  async signOut(): Promise<void> {
    await this.auth.signOut();
    this.set(null, 'signed-out');
  }

  private async load(): Promise<void> {
    // A quick probe first: without a backend, Amplify's own retries would keep the page blank.
    if (!(await this.reachability.check())) {
      this.lostBackend();
      return;
    }
    try {
      const user = await this.auth.load();
      this.set(user, user ? 'signed-in' : 'signed-out');
    } catch (err) {
      if (isNetworkError(err)) {
        this.reachability.markUnreachable();
        this.lostBackend();
      } else {
        // The backend answers but refused or failed: the Authenticator is the way back in.
        this.set(null, 'signed-out');
      }
    }
  }

  /**
   * No answer: a console already open stays open (the shell shows the unreachable banner and its
   * page keeps its state); otherwise nobody can be signed in or out yet.
   */
  private lostBackend(): void {
    if (this.statusSignal() !== 'signed-in') this.set(null, 'unreachable');
  }

  private set(user: SignedInUser | null, status: SessionStatus): void {
    this.userSignal.set(user);
    this.statusSignal.set(status);
  }
}
