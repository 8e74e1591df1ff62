/**
 * Operator management through the real Data client as ADMINS: the first listUsers (the function's
 * container starts: worker thread, the 550 kB bundle loaded, credentials issued), then warm
 * listUsers and setUserRole round trips (median of 30), each a GraphQL request, a worker call and
 * the handler's SigV4-signed Cognito admin requests.
 */
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from './identity/demo-accounts.ts';
import { startTestBackend } from './testing/test-backend.ts';

const ROUNDS = 30;
const [ADMIN, , VIEWER] = DEMO_ACCOUNTS;

const backend = await startTestBackend({ logLevel: 'error' });
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
  console.log('user-admin function through the Data client (local backend, 4 users):');
  console.log(`  first listUsers (container start)  ${cold.toFixed(1)} ms`);
  console.log(`  listUsers, warm (median of ${ROUNDS})     ${median(list).toFixed(1)} ms`);
  console.log(`  setUserRole, warm (median of ${ROUNDS})   ${median(role).toFixed(1)} ms`);
  await signOut();
} finally {
  await backend.stop();
}
