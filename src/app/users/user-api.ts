import { InjectionToken } from '@angular/core';
import type { Schema } from '../../../amplify/data/resource';
import type { Role } from '../core/auth/roles';

/** A person of the user pool as the Users page shows them. */
export interface ManagedUser {
  /** Cognito's username (the sub, for this email-login pool). */
  username: string;
  email: string | null;
  status: string | null;
  /** The strongest of their groups; null when they are in none. */
  role: Role | null;
  enabled: boolean;
  createdAt: string | null;
}

export interface UserPage {
  users: ManagedUser[];
  nextToken: string | null;
}

/**
 * The user-management operations (amplify/data/resource.ts, ADMINS only, handled by the
 * user-admin function): the seam the page's specs fake. Failures reject with an Error whose
 * message is the backend's sentence.
 */
export interface UserApi {
  list(options: { search?: string; limit: number; nextToken?: string | null }): Promise<UserPage>;
  invite(email: string, role: Role): Promise<ManagedUser>;
  setRole(username: string, role: Role): Promise<ManagedUser>;
  disable(username: string): Promise<ManagedUser>;
  enable(username: string): Promise<ManagedUser>;
  remove(username: string): Promise<void>;
}

interface Result<T> {
  data?: T | null;
  errors?: readonly { message: string }[];
}

/** What the page needs of generateClient<Schema>(), typed shallowly. */
interface DataClient {
  queries: { listUsers(args: object): Promise<Result<UserPage>> };
  mutations: Record<
    'inviteUser' | 'setUserRole' | 'disableUser' | 'enableUser' | 'removeUser',
    (args: object) => Promise<Result<unknown>>
  >;
}

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    throw new Error(err instanceof Error ? err.message : 'The backend did not answer', { cause: err });
  }
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  if (result.data === undefined || result.data === null) throw new Error('The backend gave no answer');
  return result.data;
}

/** The UserApi on the Data client (imported on first use, out of the initial bundle). */
export function createAmplifyUserApi(load = () => import('aws-amplify/data')): UserApi {
  let client: Promise<DataClient> | undefined;
  const c = () => (client ??= load().then((m) => m.generateClient<Schema>() as unknown as DataClient));
  const mutate = async (name: keyof DataClient['mutations'], args: object) =>
    unwrap((await c()).mutations[name](args)) as Promise<ManagedUser>;
  return {
    list: async ({ search, limit, nextToken }) =>
      unwrap((await c()).queries.listUsers({ search: search || null, limit, nextToken: nextToken ?? null })),
    invite: (email, role) => mutate('inviteUser', { email, role }),
    setRole: (username, role) => mutate('setUserRole', { username, role }),
    disable: (username) => mutate('disableUser', { username }),
    enable: (username) => mutate('enableUser', { username }),
    remove: async (username) => {
      await mutate('removeUser', { username });
    },
  };
}

export const USER_API = new InjectionToken<UserApi>('UserApi', {
  providedIn: 'root',
  factory: () => createAmplifyUserApi(),
});
