/*
 * Sample data for the storefront: `npx ampx sandbox seed` in the cloud, or the local backend on a
 * first start (npm start -- --project examples/storefront). People first, then each one's
 * records and files through the ordinary clients, signed in as whoever may write them.
 */
import { readFile } from 'node:fs/promises';
import { addToUserGroup, createAndSignUpUser, signInUser } from '@aws-amplify/seed';
import { Amplify } from 'aws-amplify';
import { signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { uploadData } from 'aws-amplify/storage';
import type { Schema } from '../data/resource';
import { samplePdf, samplePng } from './sample-files';

const outputs = JSON.parse(await readFile(new URL('../../amplify_outputs.json', import.meta.url), 'utf8'));
Amplify.configure(outputs);

const people = [
  { email: 'manager@storefront.example', password: 'Store-Manager-2026', group: 'Managers' },
  { email: 'staff@storefront.example', password: 'Store-Staff-2026', group: 'Staff' },
  { email: 'auditor@storefront.example', password: 'Store-Auditor-2026', group: 'Auditors' },
  // Employees in no group: each keeps their own profile and avatar.
  { email: 'alex@storefront.example', password: 'Store-Alex-2026', department: 'Sales' },
  { email: 'sam@storefront.example', password: 'Store-Sam-2026', department: 'Warehouse' },
] as const;

for (const person of people) {
  await createAndSignUpUser({
    username: person.email,
    password: person.password,
    signInAfterCreation: false,
    signInFlow: 'Password',
    userAttributes: { email: person.email },
  });
  if ('group' in person) await addToUserGroup({ username: person.email }, person.group);
}

const client = generateClient<Schema>();

function check<T>(what: string, result: { data: T | null; errors?: { message: string }[] }): T {
  if (result.errors?.length || !result.data) {
    throw new Error(`${what}: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return result.data;
}

async function upload(path: string, data: Buffer, contentType: string): Promise<string> {
  return (await uploadData({ path, data, options: { contentType } }).result).path;
}

// The manager keeps the catalogue: a manual for most products, a few photos each.
await signInUser({ username: people[0].email, password: people[0].password, signInFlow: 'Password' });
const catalogue = [
  { name: 'Trail backpack 30 L', sku: 'BP-030', price: 89.9, photos: 3, manual: true },
  { name: 'Camping stove', sku: 'ST-100', price: 45, photos: 2, manual: true },
  { name: 'Head torch', sku: 'HT-200', price: 24.5, photos: 1, manual: true },
  { name: 'Water filter', sku: 'WF-010', price: 39, photos: 2, manual: false },
  { name: 'Folding chair', sku: 'FC-003', price: 29.99, photos: 0, manual: false },
];
for (const [i, item] of catalogue.entries()) {
  const product = check(
    item.name,
    await client.models.Product.create({ name: item.name, sku: item.sku, price: item.price, inStock: i % 2 === 0 }),
  );
  const manualPath = item.manual
    ? await upload(
        `manuals/${product.id}/${item.sku}-manual.pdf`,
        samplePdf(`${item.name}: user manual`),
        'application/pdf',
      )
    : null;
  const imageKeys: string[] = [];
  for (let p = 0; p < item.photos; p++) {
    imageKeys.push(await upload(`products/${product.id}/photo-${p + 1}.png`, samplePng(i * 67 + p * 23), 'image/png'));
  }
  check(item.name, await client.models.Product.update({ id: product.id, manualPath, imageKeys }));
}

// Staff run the campaign galleries.
await signInUser({ username: people[1].email, password: people[1].password, signInFlow: 'Password' });
for (const [g, title] of ['Spring launch', 'Store opening'].entries()) {
  const gallery = check(title, await client.models.Gallery.create({ title, publishedOn: `2026-0${g + 3}-01` }));
  const photoPaths: string[] = [];
  for (let p = 0; p < 4; p++) {
    photoPaths.push(
      await upload(`galleries/${gallery.id}/shot-${p + 1}.png`, samplePng(200 + g * 40 + p * 9), 'image/png'),
    );
  }
  check(title, await client.models.Gallery.update({ id: gallery.id, photoPaths }));
}

// Each employee writes their own profile, the avatar in their own folder.
for (const [i, person] of people.entries()) {
  if (!('department' in person)) continue;
  await signInUser({ username: person.email, password: person.password, signInFlow: 'Password' });
  const avatarPath = (
    await uploadData({
      path: ({ identityId }) => `avatars/${identityId}/avatar.png`,
      data: samplePng(i * 120 + 30, 64),
      options: { contentType: 'image/png' },
    }).result
  ).path;
  check(
    person.email,
    await client.models.Employee.create({
      displayName: person.email.split('@')[0]!,
      department: person.department,
      avatarPath,
    }),
  );
}
await signOut();

console.log(`${people.length} people, ${catalogue.length} products, 2 galleries, 2 employee profiles.`);
