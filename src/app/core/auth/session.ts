import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Reachability } from '../backend/reachability';
import { AUTH_CLIENT, isNetworkError, type SignedInUser } from './auth-client';
import type { DerivedPermissions } from './derived-permissions';
import { watchRefusedRequests } from './refused-requests';
import { SessionRefusedError, refusalOf, type SessionEndReason } from './session-end';
import { ROLES, isRole, rolesFor, type Permission, type Role } from './roles';

/**
 * `unreachable`: the backend did not answer when the session was first loaded, so whether anyone
 * is signed in is not known yet; the stored tokens are kept and Reachability retries until it
 * answers. (A console already signed in stays `signed-in` and shows a banner instead.)
 */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'unreachable';

/** A refused request asks the user pool again at most this often (a page's requests fail together). */
const CHECK_INTERVAL_MS = 5000;

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
  private readonly endReasonSignal = signal<SessionEndReason | null>(null);
  private readonly derived = signal<DerivedPermissions | null>(null);
  private loading?: Promise<void>;
  private refreshing?: Promise<void>;
  private lastCheck = 0;

  readonly user = this.userSignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  /**
   * Why the backend ended the session this console held (disabled, removed, signed out
   * everywhere…), for the sign-in page to say; null after a sign-out of one's own or a sign-in.
   */
  readonly endReason = this.endReasonSignal.asReadonly();
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
    const stopAuth = this.auth.listen((event, error) => {
      if (event === 'signedIn') this.endReasonSignal.set(null);
      if (event === 'signedIn' || event === 'tokenRefresh') void this.refresh();
      if (event === 'tokenRefresh_failure') {
        // Cognito refused the refresh (Amplify dropped the tokens): the session is over, and why.
        // Otherwise (no answer) the tokens stay; loading again tells whether the backend is gone.
        const reason = refusalOf(error);
        if (reason) this.end(reason);
        else void this.refresh();
      }
      if (event === 'signedOut') this.set(null, 'signed-out');
    });
    // Back: load the session again (an open console gets its tokens refreshed if they expired).
    const stopReachability = this.reachability.onRestored(() => void this.refresh(true));
    const stopWatch = watchRefusedRequests(() => void this.check());
    inject(DestroyRef).onDestroy(() => {
      stopAuth();
      stopReachability();
      stopWatch();
    });
  }

  /** Resolves once the session is known (loads it the first time, asking the user pool). */
  ready(): Promise<void> {
    this.loading ??= this.refresh(true);
    return this.loading;
  }

  /**
   * Loads the session again; concurrent calls share one load. With `verify`, the user pool is
   * asked whether it still honours the tokens (see AuthClient.load).
   */
  refresh(verify = false): Promise<void> {
    this.refreshing ??= this.load(verify).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * A request was refused in a way that may mean the session is over (an AppSync 401, the
   * identity pool refusing the tokens): asks the user pool, and signs out with the reason if it
   * refuses them too. At most once every few seconds.
   */
  check(): Promise<void> {
    if (this.statusSignal() !== 'signed-in') return Promise.resolve();
    if (this.refreshing) return this.refreshing;
    if (Date.now() - this.lastCheck < CHECK_INTERVAL_MS) return Promise.resolve();
    this.lastCheck = Date.now();
    return this.refresh(true);
  }

  /** The Retry button of the unreachable page: probe now, and load the session if it answers. */
  async retry(): Promise<void> {
    if (await this.reachability.retryNow()) await this.refresh();
  }

  hasAnyRole(roles: readonly string[]): boolean {
    const mine = this.roles();
    return roles.some((role) => isRole(role) && mine.includes(role));
  }

  /** The role table for its three groups; for any other group, what the backend's own rules give it. */
  can(permission: Permission): boolean {
    return this.hasAnyRole(rolesFor(permission)) || (this.derived()?.granted().includes(permission) ?? false);
  }

  /** Where `can()` learns what the backend's rules give groups outside the role table (discovery). */
  deriveFrom(source: DerivedPermissions): void {
    this.derived.set(source);
  }

  async signOut(): Promise<void> {
    await this.auth.signOut();
    this.endReasonSignal.set(null);
    this.set(null, 'signed-out');
  }

  private async load(verify: boolean): Promise<void> {
    // A quick probe first: without a backend, Amplify's own retries would keep the page blank.
    if (!(await this.reachability.check())) {
      this.lostBackend();
      return;
    }
    try {
      const user = await this.auth.load({ verify });
      this.set(user, user ? 'signed-in' : 'signed-out');
    } catch (err) {
      if (isNetworkError(err)) {
        this.reachability.markUnreachable();
        this.lostBackend();
      } else if (err instanceof SessionRefusedError) {
        this.end(err.reason);
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

  /** The backend ended the session: the sign-in page, saying why. */
  private end(reason: SessionEndReason): void {
    this.endReasonSignal.set(reason);
    this.set(null, 'signed-out');
  }

  private set(user: SignedInUser | null, status: SessionStatus): void {
    this.userSignal.set(user);
    this.statusSignal.set(status);
  }
}
