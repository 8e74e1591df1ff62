import { lastValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import type { FileField } from '../attachments/file-fields';
import { Skip } from '../jobs/job';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { clearDangling, deleteOrphan, formatDuration, groupDangling } from './cleanup';
import type { DanglingRef, OrphanFile } from './orphan-report';
import { scanOrphans } from './scan';

const FIELDS: FileField[] = [
  { model: 'Song', field: 'coverArtPath', kind: 'one' },
  { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' },
];
const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const options = { graceMs: HOUR, now: () => NOW };

const orphan = (path: string): OrphanFile => ({ path, size: 1, owner: { id: null, exists: false }, young: false });

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

describe('clearDangling', () => {
  async function danglingOf(sources: FakeScanSources): Promise<DanglingRef[]> {
    const last = await lastValueFrom(
      scanOrphans(sources, FIELDS, { prefix: 'images/', graceMs: HOUR, now: () => NOW }),
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
