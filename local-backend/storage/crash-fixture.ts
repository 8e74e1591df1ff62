// The storage service alone in its own process, for tests that kill it: `node --import tsx
// crash-fixture.ts <dataDir>` prints `listening <base url>` once it serves.
import { fakeIdentity, startStorage } from './testing.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-fixture.ts <dataDir>');
const { identity, issue } = fakeIdentity();
issue('admin', ['ADMINS']);
const { base } = await startStorage(dataDir, identity);
console.log(`listening ${base}`);
