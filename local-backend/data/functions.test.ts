import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../log.ts';
import { AppSyncError } from './errors.ts';
import type { FunctionDefinition } from './function-definitions.ts';
import { FunctionHost } from './functions.ts';

/*
 * The function host on its own, with a small bundle: the environment a function gets (as Lambda
 * would give it), AppSync's error for a throw, and a host that outlives a function that crashes.
 */
const BUNDLE = `
export const handler = async (event, context) => {
  if (event.crash) process.exit(3);
  if (event.fail) throw new TypeError('the input was wrong');
  const e = process.env;
  return {
    pool: e.AMPLIFY_AUTH_USERPOOL_ID, ssm: e.AMPLIFY_SSM_ENV_CONFIG, region: e.AWS_REGION,
    key: e.AWS_ACCESS_KEY_ID, endpoint: e.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
    home: e.HOME ?? null, name: context.functionName, left: context.getRemainingTimeInMillis() > 0, event,
  };
};`;

const fn: FunctionDefinition = {
  name: 'probe',
  bundle: BUNDLE,
  environment: {
    AMPLIFY_SSM_ENV_CONFIG: '{"AMPLIFY_AUTH_USERPOOL_ID":{"path":"/x"}}',
    AMPLIFY_AUTH_USERPOOL_ID: '<later>',
  },
  ssmEnvironment: ['AMPLIFY_AUTH_USERPOOL_ID'],
  userPoolActions: ['cognito-idp:ListUsers'],
};
let dir: string;
let host: FunctionHost;
const issued: string[][] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'functions-test-'));
  host = new FunctionHost(
    [fn],
    dir,
    {
      region: 'us-east-1',
      resourceIds: { AMPLIFY_AUTH_USERPOOL_ID: 'us-east-1_local' },
      endpoints: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://localhost:1/cognito-idp' },
      credentials: (f) => {
        issued.push(f.userPoolActions);
        return {
          accessKeyId: `ASIA${issued.length}`,
          secretAccessKey: 's',
          sessionToken: 't',
          expiration: new Date(Date.now() + 3600_000),
        };
      },
    },
    createLogger('error'),
  );
});

after(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a function runs with the environment Lambda would give it, and nothing of this process', async () => {
  const out = (await host.invoke('probe', { arguments: { a: 1 } })) as Record<string, unknown>;
  assert.deepEqual(out, {
    pool: 'us-east-1_local',
    ssm: '{}',
    region: 'us-east-1',
    key: 'ASIA1',
    endpoint: 'http://localhost:1/cognito-idp',
    home: null,
    name: 'probe',
    left: true,
    event: { arguments: { a: 1 } },
  });
  assert.deepEqual(issued, [['cognito-idp:ListUsers']], 'credentials for exactly its grants, once per container');
});

test("a throw is AppSync's Lambda:Unhandled error with the message", async () => {
  await assert.rejects(host.invoke('probe', { fail: true }), (err: unknown) => {
    assert.ok(err instanceof AppSyncError);
    assert.equal(err.errorType, 'Lambda:Unhandled');
    assert.equal(err.message, 'the input was wrong');
    return true;
  });
});

test('a function that exits fails its call, and the next call gets a fresh container', async () => {
  await assert.rejects(host.invoke('probe', { crash: true }), /exited \(code 3\)/);
  const out = (await host.invoke('probe', {})) as { key: string };
  assert.equal(out.key, 'ASIA2');
});
