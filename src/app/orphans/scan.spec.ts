import { lastValueFrom, toArray } from 'rxjs';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import type { ScanEvent, ScanReport } from './orphan-report';
import { scanOrphans } from './scan';
import { type ScanPlan, scanPlan } from './scan-plan';
import { songsAndAlbums } from './testing/scan-discovery-fake';

const PLAN = scanPlan(songsAndAlbums(), () => undefined);
const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const OPTIONS = { graceMs: HOUR, now: () => NOW };

/** Lets the fake's resolved promises and the scan's reactions run. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

async function scan(
  sources: FakeScanSources,
  plan: ScanPlan = PLAN,
): Promise<{ events: ScanEvent[]; report: ScanReport }> {
  const events = await lastValueFrom(scanOrphans(sources, plan, OPTIONS).pipe(toArray()));
  const last = events.at(-1)!;
  if (last.type !== 'done') throw new Error('no report');
  return { events, report: last.report };
}

describe('scanOrphans', () => {
  function world(): FakeScanSources {
    return new FakeScanSources(2)
      .file('images/s1/a-cover.png', 10)
      .file('images/s2/b-cover.png', 20)
      .file('images/a1/p1.png', 30)
      .file('images/a1/p2.png', 40)
      .file('images/s1/old-cover.png', 50) // orphan whose record exists
      .file('images/gone/x.png', 60) // orphan of a deleted record
      .file('images/s3/new.png', 70, new Date(NOW.getTime() - HOUR / 2)) // young orphan
      .record('Song', 's1', { coverArtPath: ['images/s1/a-cover.png'] })
      .record('Song', 's2', { coverArtPath: ['images/s2/b-cover.png'] })
      .record('Song', 's3', { coverArtPath: ['images/s3/missing.png'] }) // dangling
      .record('Song', 's4', { coverArtPath: [] })
      .record('PhotoAlbum', 'a1', { imagePaths: ['images/a1/p1.png', 'images/a1/lost.png', 'images/s2/b-cover.png'] })
      .record('PhotoAlbum', 'a2', { imagePaths: ['images/a1/p2.png'] });
  }

  it('finds the orphans, with the record their path names and whether it exists', async () => {
    const { report } = await scan(world());
    const orphans = [...report.orphans].sort((a, b) => a.path.localeCompare(b.path));
    expect(orphans.map((o) => [o.path, o.size, o.owner.id, o.owner.model, o.owner.exists])).toEqual([
      ['images/gone/x.png', 60, 'gone', undefined, false],
      ['images/s1/old-cover.png', 50, 's1', 'Song', true],
      ['images/s3/new.png', 70, 's3', 'Song', true],
    ]);
  });

  it('marks orphans younger than the grace period (an upload may be in flight)', async () => {
    const { report } = await scan(world());
    const young = report.orphans.filter((o) => o.young).map((o) => o.path);
    expect(young).toEqual(['images/s3/new.png']);
  });

  it('treats an orphan of unknown age as young', async () => {
    const sources = new FakeScanSources();
    sources.objects.set('images/x/y.png', { path: 'images/x/y.png', size: 1 });
    const { report } = await scan(sources);
    expect(report.orphans[0]!.young).toBeTrue();
  });

  it('finds dangling references per record, field and path, with the version scanned', async () => {
    const sources = world();
    const { report } = await scan(sources);
    const dangling = [...report.dangling].sort((a, b) => a.path.localeCompare(b.path));
    expect(dangling.map((d) => [d.model, d.id, d.field, d.path])).toEqual([
      ['PhotoAlbum', 'a1', 'imagePaths', 'images/a1/lost.png'],
      ['Song', 's3', 'coverArtPath', 'images/s3/missing.png'],
    ]);
    expect(dangling[0]!.fieldPaths.length).toBe(3);
    expect(dangling[1]!.updatedAt).toBe(sources.records.get('Song')!.get('s3')!.updatedAt);
  });

  it('finds files that more than one record references', async () => {
    const { report } = await scan(world());
    expect(report.shared).toEqual([
      {
        path: 'images/s2/b-cover.png',
        size: 20,
        refs: [
          { model: 'Song', id: 's2', field: 'coverArtPath' },
          { model: 'PhotoAlbum', id: 'a1', field: 'imagePaths' },
        ],
      },
    ]);
  });

  it('does not count a path listed twice in one record as shared', async () => {
    const sources = new FakeScanSources()
      .file('images/a/p.png')
      .record('PhotoAlbum', 'a', { imagePaths: ['images/a/p.png', 'images/a/p.png'] });
    const { report } = await scan(sources);
    expect(report.shared).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it('adds up the totals', async () => {
    const { report } = await scan(world());
    expect(report.totals).toEqual({
      files: 7,
      bytes: 280,
      referenced: 4,
      orphaned: 3,
      orphanedBytes: 180,
      dangling: 2,
      shared: 1,
      records: { Song: 4, PhotoAlbum: 2 },
      prefixes: { 'images/': { files: 7, bytes: 280, orphaned: 3, orphanedBytes: 180 } },
      fields: {
        'Song.coverArtPath': { references: 3, dangling: 1 },
        'PhotoAlbum.imagePaths': { references: 4, dangling: 1 },
      },
    });
    expect(report.scannedAt).toEqual(NOW);
  });

  it('scans a model it was not written for, from the field declaration alone', async () => {
    const sources = world().record('Invoice', 'i1', { scans: ['images/gone/x.png'] });
    const invoice = { model: 'Invoice', field: 'scans', kind: 'many' } as const;
    const { report } = await scan(sources, { ...PLAN, fields: [...PLAN.fields, invoice] });
    expect(report.orphans.map((o) => o.path)).not.toContain('images/gone/x.png');
    expect(report.totals.records['Invoice']).toBe(1);
  });

  it('reports progress after each page and lists storage and records at the same time', async () => {
    const sources = world();
    sources.held = true;
    const events: ScanEvent[] = [];
    scanOrphans(sources, PLAN, OPTIONS).subscribe((e) => events.push(e));
    await settle();
    // Storage and both models are asked for their first page before any answer.
    expect(sources.calls).toEqual(['files first', 'Song first', 'PhotoAlbum first']);
    sources.release();
    await settle();
    expect(events.at(-1)).toEqual({
      type: 'progress',
      progress: { filePages: 1, files: 2, recordPages: 2, records: 4 },
    });
    while (sources.pending > 0) {
      sources.release();
      await settle();
    }
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    // 7 files in pages of 2 = 4 pages; 4 songs = 2 pages, 2 albums = 1 page.
    expect(done.progress).toEqual({ filePages: 4, files: 7, recordPages: 3, records: 6 });
    expect(events.filter((e) => e.type === 'progress').length).toBe(7);
  });

  it('stops asking for pages when cancelled', async () => {
    const sources = world();
    sources.held = true;
    const events: ScanEvent[] = [];
    const subscription = scanOrphans(sources, PLAN, OPTIONS).subscribe((e) => events.push(e));
    await settle();
    sources.release();
    await settle();
    const asked = sources.calls.length;
    subscription.unsubscribe();
    sources.release();
    await settle();
    expect(sources.calls.length).toBe(asked);
    expect(events.every((e) => e.type === 'progress')).toBeTrue();
  });

  it('fails with the listing error', async () => {
    const sources = world();
    sources.listFiles = () => Promise.reject(new Error('denied'));
    await expectAsync(scan(sources)).toBeRejectedWithError('denied');
  });
});
