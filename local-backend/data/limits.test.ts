import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { dataOutputs } from './testing.ts';

/* What AppSync and DynamoDB refuse, refused here the same way. */
const [ADMIN] = DEMO_ACCOUNTS;
let backend: TestBackend;
const client = generateClient<Schema>();

before(async () => {
  backend = await startTestBackend();
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signIn({ username: ADMIN!.email, password: ADMIN!.password });
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

/**
 * Sends a POST /graphql whose body is `size` bytes, as fast as the socket takes it, and returns
 * what came back — or the socket error that came instead of an answer.
 */
function rawPost(size: number): Promise<string> {
  const { port } = new URL(dataOutputs(backend).url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', (err) => resolve(`socket error: ${(err as NodeJS.ErrnoException).code} after "${answer}"`));
    socket.on('close', () => resolve(answer));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n` +
        `x-api-key: ${dataOutputs(backend).api_key}\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!socket.write(part)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}

describe('a GraphQL body over the limit', () => {
  test('always gets its 413, never a broken pipe (raw HTTP, 5 MB, many times)', async () => {
    for (let i = 0; i < 12; i++) {
      const answer = await rawPost(5 * 1024 * 1024);
      assert.match(answer, /^HTTP\/1\.1 413 /, `attempt ${i + 1}: ${answer.slice(0, 200)}`);
      assert.match(answer, /PayloadTooLargeException/);
    }
  });

  test('fetch gets the 413 with AppSync’s error', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(dataOutputs(backend).url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': dataOutputs(backend).api_key },
        body: JSON.stringify({ query: '{ listSongs { items { id } } }', padding: 'x'.repeat(5 * 1024 * 1024) }),
      });
      assert.equal(res.status, 413);
      assert.equal(res.headers.get('x-amzn-errortype'), 'PayloadTooLargeException');
      const body = (await res.json()) as { errors: { errorType: string }[] };
      assert.equal(body.errors[0]?.errorType, 'PayloadTooLargeException');
    }
  });
});

describe('items DynamoDB would refuse', () => {
  test('an empty-string id is refused with DynamoDB’s error, and nothing is stored', async () => {
    const before = (await client.models.Song.list({ limit: 1000 })).data.length;
    const { data, errors } = await client.models.Song.create({ id: '', name: 'No key' });
    assert.equal(data, null);
    assert.equal(errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
    assert.match(
      errors![0]!.message,
      /^One or more parameter values are not valid\. The AttributeValue for a key attribute cannot contain an empty string value\. Key: id \(Service: DynamoDb, Status Code: 400, Request ID: [0-9a-f-]+\)$/,
    );
    const got = await client.models.Song.get({ id: '' });
    assert.equal(got.errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
    assert.equal((await client.models.Song.list({ limit: 1000 })).data.length, before);
  });

  test('a record over 400 KB is refused on create and update; one just under is kept', async () => {
    const huge = 'n'.repeat(900 * 1024);
    const created = await client.models.Song.create({ name: huge });
    assert.equal(created.data, null);
    assert.equal(created.errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
    assert.match(created.errors![0]!.message, /^Item size has exceeded the maximum allowed size \(Service: DynamoDb/);
    const { data: songs } = await client.models.Song.list({ limit: 1000 });
    assert.ok(!songs.some((s) => s.name.length > 1000), 'the huge record was not stored');

    const kept = await client.models.Song.create({ name: 'k'.repeat(390 * 1024) });
    assert.equal(kept.errors, undefined);
    const grown = await client.models.Song.update({ id: kept.data!.id, name: 'k'.repeat(401 * 1024) });
    assert.equal(grown.errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
    const after = await client.models.Song.get({ id: kept.data!.id });
    assert.equal(after.data?.name.length, 390 * 1024, 'the record is unchanged');
  });
});
