/** The orphan scan's external sort and merge join (amplify/functions/orphan-scan), with runs small enough to spill. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinListingWithRefs, type ListedObject } from '../../amplify/functions/orphan-scan/scan-join.ts';
import { compareUtf8, SortedRuns, type FileRef } from '../../amplify/functions/orphan-scan/sorted-runs.ts';

const ref = (path: string, id: string, model = 'Song', field = 'coverArtPath'): FileRef => ({
  path,
  model,
  id,
  field,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

test('keys compare in UTF-8 byte order, as S3 lists them', () => {
  const keys = ['images/\u{1F600}.png', 'images/\uFF21.png', 'images/a.png', 'images/Z.png', 'images/é.png'];
  const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepEqual([...keys].sort(compareUtf8), byBytes);
  // Plain string order puts the emoji (a surrogate pair) before U+FF21; UTF-8 puts it after.
  assert.notDeepEqual([...keys].sort(), byBytes);
});

test('references spilled in many runs come back merged in key order, every one once', async () => {
  const runs = new SortedRuns(7);
  const paths = Array.from({ length: 100 }, (_, i) => `images/${String((i * 37) % 100).padStart(3, '0')}/f.png`);
  paths.forEach((p, i) => runs.add(ref(p, `id-${i}`)));
  const out: FileRef[] = [];
  for await (const r of runs.sorted()) out.push(r);
  runs.close();
  assert.equal(out.length, 100);
  assert.deepEqual(
    out.map((r) => r.path),
    [...paths].sort(compareUtf8),
  );
  assert.deepEqual(new Set(out.map((r) => r.id)).size, 100);
});

test('the join finds orphans (young ones flagged), dangling references and files two records share', async () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  const objects: ListedObject[] = [
    { key: 'images/a/1.png', size: 10, lastModified: now - 5 * 3_600_000 },
    { key: 'images/a/2.png', size: 20, lastModified: now - 5 * 3_600_000 }, // orphan
    { key: 'images/b/1.png', size: 30, lastModified: now - 60_000 }, // young orphan
    { key: 'images/c/1.png', size: 40, lastModified: now - 5 * 3_600_000 }, // shared
  ];
  const runs = new SortedRuns(2);
  for (const r of [
    ref('images/c/1.png', 's2'),
    ref('images/a/1.png', 's1'),
    ref('images/c/1.png', 'al1', 'PhotoAlbum', 'imagePaths'),
    ref('images/0/gone.png', 's3'), // dangling, before every object
    ref('images/bb/gone.png', 's4'), // dangling, between objects
    ref('images/z/gone.png', 'al1', 'PhotoAlbum', 'imagePaths'), // dangling, after every object
  ])
    runs.add(r);
  const found = { orphans: [] as string[], young: [] as string[], dangling: [] as string[], shared: [] as string[] };
  async function* list() {
    yield* objects;
  }
  const totals = await joinListingWithRefs(
    list(),
    runs.sorted(),
    ['images/'],
    { now, graceMs: 3_600_000 },
    {
      orphan: async (o) => {
        found.orphans.push(o.path);
        if (o.young) found.young.push(o.path);
      },
      dangling: async (d) => void found.dangling.push(`${d.model}/${d.id}/${d.path}`),
      shared: async (s) => void found.shared.push(`${s.path}:${s.refs.map((r) => r.id).join(',')}`),
    },
  );
  runs.close();
  assert.deepEqual(found, {
    orphans: ['images/a/2.png', 'images/b/1.png'],
    young: ['images/b/1.png'],
    dangling: ['Song/s3/images/0/gone.png', 'Song/s4/images/bb/gone.png', 'PhotoAlbum/al1/images/z/gone.png'],
    shared: ['images/c/1.png:s2,al1'],
  });
  assert.equal(totals.files, 4);
  assert.equal(totals.bytes, 100);
  assert.equal(totals.orphanedBytes, 50);
  assert.deepEqual(totals.prefixes['images/'], { files: 4, bytes: 100, orphaned: 2, orphanedBytes: 50 });
  assert.deepEqual(totals.fields, {
    'Song.coverArtPath': { references: 4, dangling: 2 },
    'PhotoAlbum.imagePaths': { references: 2, dangling: 1 },
  });
});
