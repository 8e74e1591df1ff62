import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

// The two fixes in patches/ that let the published client talk to the local backend over plain
// http:// on loopback. If an upgrade makes a patch stop applying, these fail loudly.
const mod = (path: string) => import(pathToFileURL(resolve('node_modules', path)).href);

test('patched @aws-amplify/storage: the local-testing S3 endpoint resolves to http://localhost:20005', async () => {
  const { defaultConfig } = await mod('@aws-amplify/storage/dist/esm/providers/s3/utils/client/s3data/base.mjs');
  const { endpointResolver } = defaultConfig;
  const { url } = endpointResolver(
    { region: 'us-east-1', customEndpoint: 'http://localhost:20005', forcePathStyle: true },
    { Bucket: 'my-bucket' },
  );
  assert.equal(url.toString(), 'http://localhost:20005/my-bucket');
  // Cloud endpoints are untouched: still https.
  const cloud = endpointResolver({ region: 'us-east-1' }, { Bucket: 'my-bucket' });
  assert.equal(cloud.url.toString(), 'https://my-bucket.s3.us-east-1.amazonaws.com/');
});

test('patched @aws-amplify/api-graphql: an http:// GraphQL endpoint gets a ws:// realtime URL', async () => {
  const { getRealtimeEndpointUrl } = await mod(
    '@aws-amplify/api-graphql/dist/esm/Providers/AWSWebSocketProvider/appsyncUrl.mjs',
  );
  assert.equal(
    getRealtimeEndpointUrl('http://localhost:20005/graphql').toString(),
    'ws://localhost:20005/graphql/realtime',
  );
  assert.equal(
    getRealtimeEndpointUrl('https://api.example.com/graphql').toString(),
    'wss://api.example.com/graphql/realtime',
  );
});
