import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { AUTH_CLIENT, type SignedInUser } from './auth-client';
import { ROLES, isRole, rolesFor, type Permission, type Role } from './roles';

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

/**
 * The signed-in user and their groups, as signals. Follows Amplify's auth events, so the shell,
 * guards and `*appHasRole` all see a sign-in, sign-out or token refresh (new groups) at once.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly auth = inject(AUTH_CLIENT);
  private readonly userSignal = signal<SignedInUser | null>(null);
  private readonly statusSignal = signal<SessionStatus>('unknown');
  private loading?: Promise<void>;

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
    const stop = this.auth.listen((event) => {
      if (event === 'signedIn' || event === 'tokenRefresh') void this.refresh();
      if (event === 'signedOut' || event === 'tokenRefresh_failure') {
        this.userSignal.set(null);
        this.statusSignal.set('signed-out');
      }
    });
    inject(DestroyRef).onDestroy(stop);
  }

  /** Resolves once the session is known (loads it the first time). */
  ready(): Promise<void> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  async refresh(): Promise<void> {
    try {
      const user = await this.auth.load();
      this.userSignal.set(user);
      this.statusSignal.set(user ? 'signed-in' : 'signed-out');
    } catch {
      this.userSignal.set(null);
      this.statusSignal.set('signed-out');
    }
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
    this.userSignal.set(null);
    this.statusSignal.set('signed-out');
  }
}
