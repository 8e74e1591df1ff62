/**
 * What the storage trigger costs on the local backend: 500 PutObjects through the AWS SDK (16 at a
 * time) with amplify/functions/storage-events recording each as an AuditEvent, next to the same
 * with the bucket's notifications switched off. Prints PutObject latency and throughput, how fast
 * the trigger records events, and how long after the last answer the last event is recorded.
 * Client, server and the function's worker share this process (and the machine's cores).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { identityCredentials } from '../testing/identity-credentials.ts';
import { startTestBackend } from '../testing/test-backend.ts';
import { BUCKET } from './index.ts';

const OBJECTS = 500;
const CONCURRENCY = 16;
const [ADMIN] = DEMO_ACCOUNTS;

const backend = await startTestBackend({ logLevel: 'error' });
const s3 = new S3Client({
  endpoint: backend.baseUrl,
  forcePathStyle: true,
  region: 'us-east-1',
  credentials: await identityCredentials(backend, ADMIN!.email, ADMIN!.password),
});
const storageEvents = () => backend.data!.store.count('AuditEvent');

async function puts(prefix: string): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OBJECTS) {
        const i = next++;
        const t = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${i}.txt`, Body: `object ${i}` }));
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ms: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const line = (label: string, r: { ms: number; latencies: number[] }) =>
  `${label}: ${OBJECTS} PutObjects in ${Math.round(r.ms)} ms (${Math.round((OBJECTS / r.ms) * 1000)}/s), ` +
  `latency p50 ${pct(r.latencies, 0.5).toFixed(1)} ms, p95 ${pct(r.latencies, 0.95).toFixed(1)} ms`;

await puts('images/bench-warm-up'); // JIT, the function's cold start, SQLite's cache
await backend.storageTriggers!.notifications.settled();

const before = storageEvents();
const withTrigger = await puts(`images/bench-trigger-${Date.now()}`);
const answered = performance.now();
await backend.storageTriggers!.notifications.settled();
const lag = performance.now() - answered;
const recorded = storageEvents() - before;
console.log(line('with the storage trigger', withTrigger));
console.log(
  `  ${recorded} audit events recorded; the last ${Math.round(lag)} ms after the last PutObject answered ` +
    `(${Math.round((recorded / (withTrigger.ms + lag)) * 1000)} events/s end to end)`,
);

backend.storage!.onObjectEvent(() => undefined);
const without = await puts(`images/bench-plain-${Date.now()}`);
console.log(line('notifications off       ', without));

await backend.stop();
