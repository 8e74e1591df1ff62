/*
 * This repository's demo data, seeded the Gen 2 way: `npx ampx sandbox seed` runs it against a
 * sandbox, and the local backend runs it on a first start. Users and groups through
 * @aws-amplify/seed, then records and files through the ordinary clients, signed in as the admin.
 */
import { readFile } from 'node:fs/promises';
import { addToUserGroup, createAndSignUpUser, signInUser } from '@aws-amplify/seed';
import { Amplify } from 'aws-amplify';
import { signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { uploadData } from 'aws-amplify/storage';
import type { Schema } from '../data/resource';
import { DEMO_ACCOUNTS, demoPlan } from './demo-plan';
import { demoPng } from './demo-png';

const outputs = JSON.parse(await readFile(new URL('../../amplify_outputs.json', import.meta.url), 'utf8'));
Amplify.configure(outputs);

for (const account of DEMO_ACCOUNTS) {
  await createAndSignUpUser({
    username: account.email,
    password: account.password,
    signInAfterCreation: false,
    signInFlow: 'Password',
    userAttributes: { email: account.email },
  });
  await addToUserGroup({ username: account.email }, account.group);
}

const [admin] = DEMO_ACCOUNTS;
await signInUser({ username: admin.email, password: admin.password, signInFlow: 'Password' });
const client = generateClient<Schema>();
const plan = demoPlan();

/** Runs `work` over `items`, a few at a time (the sandbox's API and bucket are shared). */
async function inBatches<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 8) {
    await Promise.all(items.slice(i, i + 8).map((item, j) => work(item, i + j)));
  }
}

function check(what: string, result: { errors?: { message: string }[] }): void {
  if (result.errors?.length) throw new Error(`${what}: ${result.errors.map((e) => e.message).join('; ')}`);
}

await inBatches(plan.songs, async (song) => check(`song ${song.name}`, await client.models.Song.create(song)));
await inBatches(plan.albums, async (album) =>
  check(`album ${album.name}`, await client.models.PhotoAlbum.create(album)),
);
await inBatches(plan.files, async (file, i) => {
  await uploadData({
    path: file.key,
    data: demoPng(file.hue, 320, 240, i),
    options: { contentType: 'image/png', metadata: { label: file.label } },
  }).result;
});
await signOut();

console.log(
  `${DEMO_ACCOUNTS.length} users, ${plan.songs.length} songs, ${plan.albums.length} albums and ${plan.files.length} images ` +
    `(${plan.orphans.length} of them orphans; ${plan.dangling.length} references left dangling on purpose).`,
);
