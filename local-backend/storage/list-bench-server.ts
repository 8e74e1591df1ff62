// One S3 server in a process of its own for list.bench.ts: the local S3 over a data directory, or
// (when given the path of an installed s3rver) that emulator. It prints its base URL on stdout
// and answers the parent's 'cpu' message with the CPU time it has used so far.
import { fakeIdentity, startStorage } from './testing.ts';

const [kind, dataDir, peerModule, peerBucket] = process.argv.slice(2);
if (!kind || !dataDir) throw new Error('usage: list-bench-server.ts local|peer <dataDir> [s3rver path]');

let base: string;
if (kind === 'local') {
  const { identity, issue } = fakeIdentity();
  issue('bench', ['ADMINS']);
  base = (await startStorage(dataDir, identity)).base;
} else {
  const { default: S3rver } = (await import(peerModule!)) as {
    default: new (o: object) => { run(): Promise<{ port: number }> };
  };
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dataDir,
    configureBuckets: [{ name: peerBucket }],
  });
  base = `http://127.0.0.1:${(await server.run()).port}`;
}
process.on('message', (m) => {
  if (m === 'cpu') process.send!(process.cpuUsage());
  if (m === 'exit') process.exit(0);
});
process.send!({ base });
