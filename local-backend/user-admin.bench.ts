/**
 * Operator management through the real Data client as ADMINS: the first listUsers (the function's
 * container starts: worker thread, the 550 kB bundle loaded, credentials issued), then warm
 * listUsers and setUserRole round trips (median of 30), each a GraphQL request, a worker call and
 * the handler's SigV4-signed Cognito admin requests; then all of 200 users, page by page, with the
 * number of Cognito requests that took (counted in the backend's request log).
 */
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../amplify/data/resource.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from './identity/demo-accounts.ts';
import { startTestBackend } from './testing/test-backend.ts';

const ROUNDS = 30;
const MANY = 200;
const [ADMIN, , VIEWER] = DEMO_ACCOUNTS;

// Debug level only to count the Cognito requests (one log line each); errors still show.
let cognitoRequests = 0;
const backend = await startTestBackend({ logLevel: 'debug' }, (line) => {
  if (/ POST \/cognito-idp\/? \w+ →/.test(line)) cognitoRequests++;
  else if (/ ERROR /.test(line)) process.stderr.write(`${line}\n`);
});
try {
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signIn({ username: ADMIN.email, password: ADMIN.password });
  const client = generateClient<Schema>();
  const time = async (call: () => Promise<{ errors?: unknown }>) => {
    const started = performance.now();
    const { errors } = await call();
    if (errors) throw new Error(JSON.stringify(errors));
    return performance.now() - started;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const cold = await time(() => client.queries.listUsers({ limit: 60 }));
  const list: number[] = [];
  const role: number[] = [];
  const viewer = backend.identityService.store.userByEmailOrSub(VIEWER.email)!.sub;
  for (let i = 0; i < ROUNDS; i++) {
    list.push(await time(() => client.queries.listUsers({ limit: 60 })));
    const next = i % 2 ? 'VIEWERS' : 'OPERATORS';
    role.push(await time(() => client.mutations.setUserRole({ username: viewer, role: next })));
  }
  const few = backend.identityService.store.listUsers().length;

  // Up to 200 people: every tenth in no group, the rest spread over the three roles.
  const { userPool, store } = backend.identityService;
  for (let i = few; i < MANY; i++) {
    const user = userPool.createUser(`person${String(i).padStart(3, '0')}@example.com`, 'Person-Pass-2026');
    const group = ['ADMINS', 'OPERATORS', 'OPERATORS', 'VIEWERS', 'VIEWERS', 'VIEWERS', 'VIEWERS', 'VIEWERS'][i % 10];
    if (group) store.addToGroup(user.sub, group);
  }
  const everyone: number[] = [];
  let pages = 0;
  let requests = 0;
  for (let i = 0; i < 10; i++) {
    const startedAt = performance.now();
    const before = cognitoRequests;
    pages = 0;
    let nextToken: string | null | undefined;
    do {
      const { data, errors } = await client.queries.listUsers({ limit: 60, nextToken });
      if (errors) throw new Error(JSON.stringify(errors));
      nextToken = data!.nextToken;
      pages++;
    } while (nextToken);
    everyone.push(performance.now() - startedAt);
    requests = cognitoRequests - before;
  }

  console.log(`user-admin function through the Data client (local backend, ${few} users):`);
  console.log(`  first listUsers (container start)  ${cold.toFixed(1)} ms`);
  console.log(`  listUsers, warm (median of ${ROUNDS})     ${median(list).toFixed(1)} ms`);
  console.log(`  setUserRole, warm (median of ${ROUNDS})   ${median(role).toFixed(1)} ms`);
  console.log(
    `  all ${MANY} users, ${pages} pages of 60 (median of 10)  ${median(everyone).toFixed(1)} ms, ` +
      `${requests} Cognito requests (one per person would be ${MANY + pages})`,
  );
  await signOut();
} finally {
  await backend.stop();
}
