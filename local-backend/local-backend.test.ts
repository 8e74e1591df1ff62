import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createLogger } from './log.ts';
import { parseOptions, type BackendOptions } from './options.ts';
import { startTestBackend } from './testing/test-backend.ts';
import { startLocalBackend } from './local-backend.ts';
import { BUCKET } from './storage/index.ts';

/** A Cognito call sent by hand, as the Auth client sends it. */
async function cognito(baseUrl: string, action: string, body: unknown) {
  const res = await fetch(`${baseUrl}/cognito-idp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

function signUpBody(clientId: string, email: string) {
  return {
    ClientId: clientId,
    Username: email,
    Password: 'Fresh-Password-2026',
    UserAttributes: [{ Name: 'email', Value: email }],
  };
}

const clientIdOf = (outputs: Record<string, unknown>) =>
  (outputs['auth'] as { user_pool_client_id: string }).user_pool_client_id;

describe('the process', () => {
  test('refuses a port that is taken, saying what to do', async () => {
    const first = await startTestBackend();
    try {
      await assert.rejects(startTestBackend({ port: first.port }), (err: Error) => {
        assert.match(err.message, new RegExp(`Port ${first.port} .* is already in use`));
        assert.match(err.message, /--port/);
        return true;
      });
    } finally {
      await first.stop();
    }
  });

  test('refuses a data directory it cannot use, saying what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-backend-file-'));
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, 'not a directory');
    try {
      await assert.rejects(startTestBackend({ dataDir: notADir }), (err: Error) => {
        assert.match(err.message, /data directory .*a-file cannot be used/);
        assert.match(err.message, /--data-dir/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('logs one line per request at debug level', async () => {
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'local-backend-log-'));
    const options: BackendOptions = {
      ...parseOptions(['--port', '0', '--data-dir', dataDir, '--outputs', '', '--no-seed'], {}).options,
      logLevel: 'debug',
    };
    const backend = await startLocalBackend(
      options,
      createLogger('debug', (l) => lines.push(l)),
    );
    try {
      lines.length = 0;
      await cognito(backend.baseUrl, 'GetUser', { AccessToken: 'nope' });
      const requestLines = lines.filter((l) => l.includes('POST /cognito-idp'));
      assert.equal(requestLines.length, 1);
      assert.match(requestLines[0]!, /DEBUG POST \/cognito-idp GetUser → 400 [\d.]+ms/);
    } finally {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('flags', () => {
  test('flags win over the environment, which wins over the defaults', () => {
    const defaults = parseOptions([], {}).options;
    assert.equal(defaults.port, 20005);
    assert.equal(defaults.host, '127.0.0.1', 'loopback unless told otherwise');
    assert.equal(defaults.latencyMs, 0);
    assert.equal(defaults.failRate, 0);
    assert.match(defaults.dataDir, /\.local-backend$/);
    const env = { LOCAL_BACKEND_PORT: '3000', LOCAL_BACKEND_LATENCY_MS: '50' };
    assert.equal(parseOptions([], env).options.port, 3000);
    const flagged = parseOptions(['--port', '4000', '--latency', '300', '--fail-rate', '0.1'], env).options;
    assert.deepEqual([flagged.port, flagged.latencyMs, flagged.failRate], [4000, 300, 0.1]);
  });

  test('bad values and unknown flags are refused with a message naming the flag', () => {
    assert.throws(() => parseOptions(['--port', 'http'], {}), /--port must be a port number/);
    assert.throws(() => parseOptions(['--port', '70000'], {}), /--port/);
    assert.throws(() => parseOptions(['--latency=-5'], {}), /--latency must be/);
    assert.throws(() => parseOptions(['--fail-rate', '2'], {}), /--fail-rate must be between 0 and 1/);
    assert.throws(() => parseOptions(['--log-level', 'loud'], {}), /--log-level/);
    assert.throws(() => parseOptions(['--colour'], {}), /--colour/);
  });

  test('--help prints the usage with every flag and starts nothing', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'local-backend/main.ts',
      '--help',
    ]);
    assert.match(stdout, /^Usage: npm run backend/);
    for (const flag of [
      '--port',
      '--host',
      '--data-dir',
      '--latency',
      '--fail-rate',
      '--log-level',
      '--outputs',
      '--no-seed',
    ])
      assert.ok(stdout.includes(flag), `usage names ${flag}`);
    assert.doesNotMatch(stdout, /local backend on http/, 'no backend was started');
  });

  test('--latency delays every answer by at least that much', async () => {
    const backend = await startTestBackend({ latencyMs: 250, seed: false });
    try {
      const started = performance.now();
      const res = await cognito(backend.baseUrl, 'GetUser', { AccessToken: 'nope' });
      assert.ok(performance.now() - started >= 250);
      assert.match(res.errorType ?? '', /^NotAuthorizedException/, 'then answers as usual');
    } finally {
      await backend.stop();
    }
  });

  test('--fail-rate 1 fails every request with ServiceUnavailable, and the failed request changes nothing', async () => {
    // SignUp as a request that writes: the pool of this test allows it.
    const failing = await startTestBackend({ failRate: 1, seed: false, selfSignUp: true });
    const clientId = clientIdOf(failing.outputs);
    const failed = await cognito(failing.baseUrl, 'SignUp', signUpBody(clientId, 'failed@example.com'));
    assert.equal(failed.status, 503);
    assert.equal(failed.errorType, 'ServiceUnavailable');
    assert.match(failed.body.message, /on purpose/);

    const s3 = await fetch(`${failing.baseUrl}/${BUCKET}/images/any.png`);
    assert.equal(s3.status, 503, 'S3 requests fail too');
    assert.match(s3.headers.get('content-type') ?? '', /xml/, 'in S3 XML, which the Storage client parses and retries');
    assert.match(await s3.text(), /<Code>SlowDown<\/Code>/);
    await failing.stop({ keepData: true });

    const healthy = await startTestBackend({ dataDir: failing.dataDir, seed: false, selfSignUp: true });
    try {
      const again = await cognito(healthy.baseUrl, 'SignUp', signUpBody(clientId, 'failed@example.com'));
      assert.equal(again.status, 200, 'the user was never created, so signing up again works');
    } finally {
      await healthy.stop();
    }
  });
});
