import { lastValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import type { FileField } from '../attachments/file-fields';
import { Skip } from '../jobs/job';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { clearDangling, deleteOrphan, formatDuration, groupDangling } from './cleanup';
import { REFERENCE_BATCH } from './cleanup-references';
import type { DanglingRef, OrphanFile } from './orphan-report';
import { scanOrphans } from './scan';
import { scanPlan } from './scan-plan';
import { songsAndAlbums } from './testing/scan-discovery-fake';

const FIELDS: FileField[] = [
  { model: 'Song', field: 'coverArtPath', kind: 'one' },
  { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' },
];
const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const options = { graceMs: HOUR, now: () => NOW };

const orphan = (path: string): OrphanFile => ({
  path,
  size: 1,
  prefix: 'images/',
  owner: { id: null, exists: false },
  young: false,
});

/** Lets timers and promises run until the condition holds (or gives up after a while). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((go) => setTimeout(go, 0));
  expect(condition()).withContext('waited for a condition').toBeTrue();
}

describe('deleteOrphan', () => {
  let sources: FakeScanSources;
  beforeEach(() => {
    sources = new FakeScanSources().file('images/s1/old.png').record('Song', 's1', { coverArtPath: [] });
  });

  it('deletes a file no record references, after looking again', async () => {
    expect(await lastValueFrom(deleteOrphan(sources, FIELDS, options)(orphan('images/s1/old.png')))).toBe('deleted');
    expect(sources.objects.has('images/s1/old.png')).toBeFalse();
    expect(sources.calls).toEqual([
      'refs Song images/s1/old.png',
      'refs PhotoAlbum images/s1/old.png',
      'remove images/s1/old.png',
    ]);
  });

  it('keeps a file a record references since the scan, and says which', async () => {
    sources.touch('PhotoAlbum', 'a9', { imagePaths: ['images/s1/old.png'] });
    const result = await lastValueFrom(deleteOrphan(sources, FIELDS, options)(orphan('images/s1/old.png')));
    expect(result).toEqual(new Skip('Referenced again by PhotoAlbum a9 (imagePaths): kept.'));
    expect(sources.objects.has('images/s1/old.png')).toBeTrue();
  });

  it('never deletes a file younger than the grace period, by its current age', async () => {
    sources.file('images/s1/new.png', 1, new Date(NOW.getTime() - HOUR + 1000));
    const result = await lastValueFrom(deleteOrphan(sources, FIELDS, options)(orphan('images/s1/new.png')));
    expect(result).toEqual(new Skip('Younger than the grace period (1 h): it may be an upload in flight.'));
    expect(sources.objects.has('images/s1/new.png')).toBeTrue();
    expect(sources.calls.filter((c) => c.startsWith('remove'))).toEqual([]);
  });

  it('counts a file that is already gone as done', async () => {
    expect(await lastValueFrom(deleteOrphan(sources, FIELDS, options)(orphan('images/zz/none.png')))).toBe(
      'already gone',
    );
  });

  it('fails with the backend error (e.g. a role that may not delete)', async () => {
    sources.removeFile = () => Promise.reject(new AttachmentError('forbidden', 'No.'));
    await expectAsync(
      lastValueFrom(deleteOrphan(sources, FIELDS, options)(orphan('images/s1/old.png'))),
    ).toBeRejectedWith(new AttachmentError('forbidden', 'No.'));
  });
});

describe('deleteOrphan, many at once', () => {
  const paths = (n: number) => Array.from({ length: n }, (_, i) => `images/f${i}/x.png`);
  const refsOf = (sources: FakeScanSources, model: string) =>
    sources.calls.filter((c) => c.startsWith(`refs ${model} `)).map((c) => c.slice(`refs ${model} `.length).split(','));

  it('checks the deletes waiting together in ⌈N / batch⌉ list passes per file field, each answered on its own', async () => {
    const sources = new FakeScanSources();
    for (const p of paths(23)) sources.file(p);
    sources.record('PhotoAlbum', 'a1', { imagePaths: ['images/other.png', 'images/f7/x.png'] });
    sources.record('Song', 's1', { coverArtPath: ['images/f19/x.png'] });
    const remove = deleteOrphan(sources, FIELDS, { ...options, batchSize: 5 });

    const results = await Promise.all(paths(23).map((p) => lastValueFrom(remove(orphan(p)))));

    for (const model of ['Song', 'PhotoAlbum']) {
      const passes = refsOf(sources, model);
      expect(passes.length).withContext(model).toBe(5);
      expect(passes.every((batch) => batch.length <= 5)).toBeTrue();
      expect(passes.flat().sort()).toEqual(paths(23).sort());
    }
    expect(results[7]).toEqual(new Skip('Referenced again by PhotoAlbum a1 (imagePaths): kept.'));
    expect(results[19]).toEqual(new Skip('Referenced again by Song s1 (coverArtPath): kept.'));
    expect(results.filter((r) => r === 'deleted').length).toBe(21);
    expect([...sources.objects.keys()].sort()).toEqual(['images/f19/x.png', 'images/f7/x.png']);
  });

  it(`batches ${REFERENCE_BATCH} paths a pass unless told otherwise`, async () => {
    const sources = new FakeScanSources();
    for (const p of paths(120)) sources.file(p);
    const remove = deleteOrphan(sources, FIELDS, options);
    await Promise.all(paths(120).map((p) => lastValueFrom(remove(orphan(p)))));
    expect(refsOf(sources, 'Song').map((b) => b.length)).toEqual([50, 50, 20]);
    expect(refsOf(sources, 'PhotoAlbum').map((b) => b.length)).toEqual([50, 50, 20]);
    expect(sources.objects.size).toBe(0);
  });

  it('never answers a delete from a pass that started before it was asked: a reference made meanwhile is seen', async () => {
    const sources = new FakeScanSources().file('images/a/x.png').file('images/b/x.png');
    const remove = deleteOrphan(sources, FIELDS, options);
    sources.held = true;
    const first = lastValueFrom(remove(orphan('images/a/x.png')));
    await until(() => sources.pending === 1);
    sources.release();
    // The first delete's passes have read the records and are held in flight.
    await until(() => sources.pending === 2 && refsOf(sources, 'PhotoAlbum').length === 1);

    sources.touch('Song', 's9', { coverArtPath: ['images/b/x.png'] });
    sources.held = false;
    const second = lastValueFrom(remove(orphan('images/b/x.png')));
    sources.release();

    expect(await first).toBe('deleted');
    expect(await second).toEqual(new Skip('Referenced again by Song s9 (coverArtPath): kept.'));
    expect(refsOf(sources, 'Song')).toEqual([['images/a/x.png'], ['images/b/x.png']]);
    expect([...sources.objects.keys()]).toEqual(['images/b/x.png']);
  });

  it('fails the deletes of a failed pass with its error and removes none of them; later ones are checked anew', async () => {
    const sources = new FakeScanSources();
    for (const p of paths(3)) sources.file(p);
    const remove = deleteOrphan(sources, FIELDS, options);
    const original = sources.referencesTo.bind(sources);
    sources.referencesTo = () => Promise.reject(new AttachmentError('unavailable', 'Offline.'));
    const failed = await Promise.allSettled(paths(2).map((p) => lastValueFrom(remove(orphan(p)))));
    expect(failed.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual([
      'Offline.',
      'Offline.',
    ]);
    expect(sources.calls.filter((c) => c.startsWith('remove'))).toEqual([]);

    sources.referencesTo = original;
    expect(await lastValueFrom(remove(orphan(paths(3)[2]!)))).toBe('deleted');
    expect(sources.objects.size).toBe(2);
  });
});

describe('clearDangling', () => {
  async function danglingOf(sources: FakeScanSources): Promise<DanglingRef[]> {
    const last = await lastValueFrom(
      scanOrphans(
        sources,
        scanPlan(songsAndAlbums(), () => undefined),
        { graceMs: HOUR, now: () => NOW },
      ),
    );
    return last.type === 'done' ? [...last.report.dangling] : [];
  }

  it('removes only the missing paths of a record, in one conditional update per record', async () => {
    const sources = new FakeScanSources()
      .file('images/a/ok.png')
      .record('PhotoAlbum', 'a', { imagePaths: ['images/a/x.png', 'images/a/ok.png', 'images/a/y.png'] })
      .record('Song', 's', { coverArtPath: ['images/s/gone.png'] });
    const groups = groupDangling(await danglingOf(sources));
    expect(groups.map((g) => [g.model, g.id, g.missing])).toEqual([
      ['Song', 's', ['images/s/gone.png']],
      ['PhotoAlbum', 'a', ['images/a/x.png', 'images/a/y.png']],
    ]);
    for (const g of groups) expect(await lastValueFrom(clearDangling(sources, FIELDS)(g))).toBe('cleared');
    expect(sources.records.get('PhotoAlbum')!.get('a')!.fields['imagePaths']).toEqual(['images/a/ok.png']);
    expect(sources.records.get('Song')!.get('s')!.fields['coverArtPath']).toEqual([]);
    expect(await danglingOf(sources)).toEqual([]);
  });

  it('skips a record changed since the scan and leaves it as it is', async () => {
    const sources = new FakeScanSources().record('Song', 's', { coverArtPath: ['images/s/gone.png'] });
    const [group] = groupDangling(await danglingOf(sources));
    sources.touch('Song', 's', { coverArtPath: ['images/s/other.png'] });
    const result = await lastValueFrom(clearDangling(sources, FIELDS)(group!));
    expect(result).toEqual(new Skip('Changed since the scan: not touched. Scan again to see it as it is now.'));
    expect(sources.records.get('Song')!.get('s')!.fields['coverArtPath']).toEqual(['images/s/other.png']);
  });

  it('keeps a reference whose file exists again', async () => {
    const sources = new FakeScanSources().record('Song', 's', { coverArtPath: ['images/s/late.png'] });
    const [group] = groupDangling(await danglingOf(sources));
    sources.file('images/s/late.png');
    expect(await lastValueFrom(clearDangling(sources, FIELDS)(group!))).toEqual(
      new Skip('The file exists now: the reference was kept.'),
    );
    expect(sources.calls.some((c) => c.startsWith('set'))).toBeFalse();
  });
});

describe('formatDuration', () => {
  it('reads as hours, minutes or seconds', () => {
    expect([formatDuration(HOUR), formatDuration(15 * 60_000), formatDuration(30_000)]).toEqual([
      '1 h',
      '15 min',
      '30 s',
    ]);
  });
});
