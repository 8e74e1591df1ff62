import type { Role } from '../app/core/auth/roles';
import type { ManagedUser, UserApi, UserPage } from '../app/users/user-api';

/** An in-memory user pool behind the UserApi seam, for the Users page specs. */
export class FakeUserApi implements UserApi {
  users: ManagedUser[] = [];
  calls: string[] = [];
  /** The next call fails with this message. */
  failNext: string | null = null;

  add(email: string, role: Role | null, extra: Partial<ManagedUser> = {}): ManagedUser {
    const user: ManagedUser = {
      username: `sub-${email}`,
      email,
      status: 'CONFIRMED',
      role,
      enabled: true,
      createdAt: '2026-11-01T10:00:00.000Z',
      ...extra,
    };
    this.users.push(user);
    return user;
  }

  async list({
    search,
    limit,
    nextToken,
  }: {
    search?: string;
    limit: number;
    nextToken?: string | null;
  }): Promise<UserPage> {
    this.calls.push(`list ${search ?? ''} ${nextToken ?? ''}`.trim());
    this.fail();
    const matching = this.users.filter((u) => !search || (u.email ?? '').startsWith(search.toLowerCase()));
    const start = nextToken ? Number(nextToken) : 0;
    const end = start + limit;
    return {
      users: matching.slice(start, end).map((u) => ({ ...u })),
      nextToken: end < matching.length ? String(end) : null,
    };
  }

  async invite(email: string, role: Role): Promise<ManagedUser> {
    this.calls.push(`invite ${email} ${role}`);
    this.fail();
    if (this.users.some((u) => u.email === email.toLowerCase()))
      throw new Error('A user with that email already exists');
    return { ...this.add(email.toLowerCase(), role, { status: 'FORCE_CHANGE_PASSWORD' }) };
  }

  async setRole(username: string, role: Role): Promise<ManagedUser> {
    this.calls.push(`setRole ${username} ${role}`);
    return this.change(username, { role });
  }

  async disable(username: string): Promise<ManagedUser> {
    this.calls.push(`disable ${username}`);
    return this.change(username, { enabled: false });
  }

  async enable(username: string): Promise<ManagedUser> {
    this.calls.push(`enable ${username}`);
    return this.change(username, { enabled: true });
  }

  async remove(username: string): Promise<void> {
    this.calls.push(`remove ${username}`);
    this.fail();
    this.find(username);
    this.users = this.users.filter((u) => u.username !== username);
  }

  private change(username: string, patch: Partial<ManagedUser>): ManagedUser {
    this.fail();
    const user = this.find(username);
    Object.assign(user, patch);
    return { ...user };
  }

  private find(username: string): ManagedUser {
    const user = this.users.find((u) => u.username === username);
    if (!user) throw new Error('That user no longer exists: they may have been removed by someone else');
    return user;
  }

  private fail(): void {
    const message = this.failNext;
    this.failNext = null;
    if (message) throw new Error(message);
  }
}
