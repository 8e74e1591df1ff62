import { lockoutFor } from './lockout';
import type { ManagedUser } from './user-api';

describe('lockoutFor', () => {
  const person = (username: string, role: ManagedUser['role']): ManagedUser => ({
    username,
    email: `${username}@example.com`,
    status: 'CONFIRMED',
    role,
    enabled: true,
    createdAt: null,
  });
  const me = { username: 'me', userId: 'me' };

  it('locks every action on oneself', () => {
    const l = lockoutFor(person('me', 'ADMINS'), me, 3);
    expect(l.demote).toBe('You cannot change your own role');
    expect(l.disable).toBe('You cannot disable your own account');
    expect(l.remove).toBe('You cannot remove your own account');
  });

  it('recognises oneself by the sub too', () => {
    expect(lockoutFor(person('sub-1', 'VIEWERS'), { username: 'x', userId: 'sub-1' }, null).remove).not.toBeNull();
  });

  it('keeps the last admin an admin, but may still disable or remove them', () => {
    const l = lockoutFor(person('other', 'ADMINS'), me, 1);
    expect(l.demote).toBe('The last admin keeps the Admin role');
    expect(l.disable).toBeNull();
  });

  it('lets a second admin be demoted, and leaves it to the backend when the count is not known', () => {
    expect(lockoutFor(person('other', 'ADMINS'), me, 2).demote).toBeNull();
    expect(lockoutFor(person('other', 'ADMINS'), me, null).demote).toBeNull();
    expect(lockoutFor(person('op', 'OPERATORS'), me, 1).demote).toBeNull();
  });
});
