import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import type { IssuedCredentials } from '../identity/api.ts';
import { createLogger } from '../log.ts';
import { BucketNotifications, eventKey, type ObjectEvent } from './notifications.ts';
import type { ObjectMeta } from './object-store.ts';

/* The notification dispatcher on its own: matching, key encoding, per-key order, and its end. */

const caller = { identityId: 'us-east-1:x', role: { kind: 'group', group: 'ADMINS' } } as IssuedCredentials;
const req = { socket: { remoteAddress: '::ffff:10.0.0.7' } } as unknown as IncomingMessage;
const put = (key: string): ObjectEvent => ({
  kind: 'ObjectCreated:Put',
  key,
  caller,
  req,
  meta: { size: 1, etag: 'e', versionId: 'v1' } as ObjectMeta,
});

function dispatcher(invoke: (name: string, event: unknown) => Promise<unknown>, retryDelaysMs = [5, 5]) {
  return new BucketNotifications({
    bucket: 'b',
    region: 'eu-west-1',
    triggers: [
      { functionName: 'images', events: ['s3:ObjectCreated:*'], prefix: 'images/', suffix: '.png' },
      { functionName: 'deletes', events: ['s3:ObjectRemoved:Delete'] },
    ],
    invoke,
    log: createLogger('error'),
    retryDelaysMs,
  });
}

type Seen = { Records: { eventName: string; awsRegion: string; s3: { object: { key: string } } }[] };

test('only triggers whose events and key filters match are invoked, with the key encoded as S3 does', async () => {
  const seen: [string, Seen][] = [];
  const n = dispatcher(async (name, event) => void seen.push([name, event as Seen]));
  n.sink(put('images/a b+c.png'));
  n.sink(put('images/a.jpg'));
  n.sink(put('docs/a.png'));
  n.sink({
    kind: 'removed',
    key: 'x',
    caller,
    req,
    outcome: { deleteMarker: true, versionId: 'm' },
    versionRequested: false,
  });
  await n.settled();
  assert.deepEqual(
    seen.map(([name, e]) => [name, e.Records[0]!.eventName, e.Records[0]!.s3.object.key, e.Records[0]!.awsRegion]),
    [['images', 'ObjectCreated:Put', 'images/a+b%2Bc.png', 'eu-west-1']],
    'a delete marker is ObjectRemoved:DeleteMarkerCreated, which s3:ObjectRemoved:Delete does not take',
  );
  assert.equal(eventKey('a/(1) é.txt'), 'a/%281%29+%C3%A9.txt');
});

test('events of one key are delivered one at a time, in order, even when an earlier one is slow', async () => {
  const order: string[] = [];
  const n = dispatcher(async (_name, event) => {
    const key = (event as Seen).Records[0]!.s3.object.key;
    if (key.endsWith('1.png')) await new Promise((r) => setTimeout(r, 30));
    order.push(key);
  });
  n.sink(put('images/1.png'));
  n.sink(put('images/1.png'));
  n.sink(put('images/2.png'));
  await n.settled();
  assert.deepEqual(order, ['images/2.png', 'images/1.png', 'images/1.png']);
});

test('close() drops a retry that is waiting and sends nothing more', async () => {
  let attempts = 0;
  const n = dispatcher(async () => {
    attempts++;
    throw new Error('down');
  }, [60_000, 60_000]);
  n.sink(put('images/x.png'));
  await new Promise((r) => setTimeout(r, 20));
  n.close();
  await n.settled();
  n.sink(put('images/y.png'));
  await n.settled();
  assert.equal(attempts, 1);
});
