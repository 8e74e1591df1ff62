// What the integration suites, benchmarks and browser tests share to get a backend and a user.
import type * as authModule from 'aws-amplify/auth';
import { DEMO_ACCOUNTS } from '../local-backend/identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../local-backend/testing/test-backend.ts';

/** Someone to sign in as: a demo account, or a person a test creates. */
export interface Account {
  readonly email: string;
  readonly password: string;
  readonly group?: string;
}
export const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;

/**
 * The local backend on port 20005, the only port the Storage client reaches. Another suite may
 * hold the port for a while, so it tries again every 2 s (`tries` times) rather than fail.
 * `logSink` receives the backend's log lines (stderr when absent).
 */
export async function startOnStoragePort(
  options: Parameters<typeof startTestBackend>[0] = {},
  { logSink, tries = 60 }: { logSink?: (line: string) => void; tries?: number } = {},
): Promise<TestBackend> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startTestBackend({ ...options, port: 20005 }, logSink);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= tries) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/**
 * The auth module the suite configured. It is passed in: a suite that loads aws-amplify with
 * import() gets the ESM build, a second Amplify that a static import here would not reach.
 */
export type Auth = Pick<typeof authModule, 'signIn' | 'signOut' | 'fetchAuthSession'>;

/** Signs out whoever is signed in, then signs `account` in. */
export async function signInAs(auth: Auth, account: Account): Promise<void> {
  await auth.signOut().catch(() => undefined);
  await auth.signIn({ username: account.email, password: account.password });
}

/** On a backend that fails requests on purpose, signing in is not under test: try until it works. */
export async function signInDespiteFailures(auth: Auth, account: Account): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await signInAs(auth, account);
      await auth.fetchAuthSession();
      return;
    } catch (err) {
      if (attempt >= 20) throw err;
    }
  }
}
