import { TestBed } from '@angular/core/testing';
import { until } from '../../testing/waits';
import { AttachmentError } from '../attachments/attachment-error';
import { AUDIT_API } from '../audit/audit-api';
import { FakeAuditApi } from '../audit/testing/fake-audit-api';
import { THIS_REPO_OUTPUTS } from '../discovery/testing/this-repo-outputs';
import { type RecordsTestBed, setUpRecords } from '../records/testing/records-testbed';
import { VERSIONS_ACCESS } from './bucket-versions';
import type { DeletedFile, FileOwner } from './deleted-file';
import { RestoreDeleted } from './restore-deleted';
import { FakeVersionedBucket } from './testing/fake-versioned-bucket';

const COVER = 'images/s1/11111111-1111-4111-8111-111111111111-cover.png';
const BEACH = 'images/a1/22222222-2222-4222-8222-222222222222-beach.png';
const HILL = 'images/a1/44444444-4444-4444-8444-444444444444-hill.png';

describe('RestoreDeleted', () => {
  let bed: RecordsTestBed;
  let bucket: FakeVersionedBucket;
  let audit: FakeAuditApi;
  let restorer: RestoreDeleted;

  beforeEach(async () => {
    bucket = new FakeVersionedBucket();
    audit = new FakeAuditApi();
    bed = await setUpRecords(THIS_REPO_OUTPUTS, ['ADMINS'], [], {}, undefined, [
      { provide: VERSIONS_ACCESS, useValue: bucket },
      { provide: AUDIT_API, useValue: audit },
    ]);
    restorer = TestBed.inject(RestoreDeleted);
  });

  /** Puts `path`, deletes it, and describes it as the Recently deleted list would. */
  function deletedFile(path: string, owners: FileOwner[], jobId?: string): DeletedFile {
    const versionId = bucket.put(path);
    bucket.delete(path);
    return { path, versionId, deletedAt: new Date(bucket.clock), actor: 'admin', owners, ...(jobId ? { jobId } : {}) };
  }

  const restoreEvent = async () => {
    await until(() => audit.events.some((e) => e.action === 'restore'));
    return audit.events.find((e) => e.action === 'restore')!;
  };

  it('restores the file, attaches it to its record again and records the restore', async () => {
    bed.table('Song').insert({ id: 's1', name: 'Blue', coverArtPath: null });
    const file = deletedFile(COVER, [{ model: 'Song', recordId: 's1', field: 'coverArtPath' }]);
    expect(await restorer.restore(file, 'job-9')).toBe('Restored and attached to song “Blue” again.');
    expect(bucket.history(COVER)[0]).not.toMatch(/^x:/);
    expect(bed.table('Song').rows.get('s1')!['coverArtPath']).toBe(COVER);
    expect(await restoreEvent()).toEqual(
      jasmine.objectContaining({
        model: 'Song',
        recordId: 's1',
        field: 'coverArtPath',
        paths: [COVER],
        jobId: 'job-9',
        after: { versions: { [COVER]: file.versionId } },
        result: 'Restored and attached to song “Blue” again.',
      }),
    );
  });

  it('changes no record that still points at the file', async () => {
    const row = bed.table('Song').insert({ id: 's1', name: 'Blue', coverArtPath: COVER });
    const file = deletedFile(COVER, [{ model: 'Song', recordId: 's1', field: 'coverArtPath' }]);
    expect(await restorer.restore(file)).toBe('Restored; “Blue” still pointed at it.');
    expect(bed.table('Song').rows.get('s1')!.updatedAt).toBe(row.updatedAt);
  });

  it('recreates a deleted record from its before-image, its other deleted files restored first', async () => {
    bucket.put(HILL);
    bucket.delete(HILL);
    const image = { id: 'a1', name: 'Summer', imagePaths: [BEACH, HILL], createdAt: 'x', updatedAt: 'y' };
    const file = deletedFile(BEACH, [{ model: 'PhotoAlbum', recordId: 'a1', field: 'imagePaths', before: image }]);
    expect(await restorer.restore(file)).toBe('Restored, and photo album “Summer” recreated as it was.');
    const album = bed.table('PhotoAlbum').rows.get('a1')!;
    expect(album['name']).toBe('Summer');
    expect(album['imagePaths']).toEqual([BEACH, HILL]);
    expect([BEACH, HILL].map((p) => bucket.history(p)[0]!.startsWith('x:'))).toEqual([false, false]);
  });

  it('recreates nothing and restores nothing when another file of the record is no longer kept', async () => {
    const image = { id: 'a1', name: 'Summer', imagePaths: [BEACH, HILL], createdAt: 'x', updatedAt: 'y' };
    const file = deletedFile(BEACH, [{ model: 'PhotoAlbum', recordId: 'a1', field: 'imagePaths', before: image }]);
    const refused = restorer.restore(file);
    await expectAsync(refused).toBeRejectedWith(jasmine.any(AttachmentError));
    await expectAsync(refused).toBeRejectedWithError(/its file .*hill\.png is no longer kept/);
    expect(bed.table('PhotoAlbum').rows.has('a1')).toBeFalse();
    expect(bucket.history(BEACH)[0]).toMatch(/^x:/);
  });

  it('restores the file alone, saying why, when its record is gone and no copy was kept', async () => {
    const file = deletedFile(COVER, [{ model: 'Song', recordId: 's1', field: 'coverArtPath' }]);
    expect(await restorer.restore(file)).toBe(
      'The file is restored; Song s1 no longer exists and the audit trail kept no copy of it to recreate.',
    );
    expect(bucket.history(COVER)[0]).not.toMatch(/^x:/);
    expect(bed.table('Song').rows.size).toBe(0);
  });

  it('restores a file with no owner, or one whose model the console does not know, on its own', async () => {
    expect(await restorer.restore(deletedFile('images/x/名前 – a.png', []))).toBe('The file is restored.');
    expect(await restorer.restore(deletedFile(COVER, [{ model: 'Gone', recordId: 's1' }]))).toBe(
      'The file is restored; no record field was found to attach it to.',
    );
    const event = await restoreEvent();
    expect(event.model).toBeNull();
    expect(event.paths).toEqual(['images/x/名前 – a.png']);
  });

  it('overwrites no newer file put at the path since, and changes no record', async () => {
    bed.table('Song').insert({ id: 's1', name: 'Blue', coverArtPath: null });
    const file = deletedFile(COVER, [{ model: 'Song', recordId: 's1', field: 'coverArtPath' }]);
    const newer = bucket.put(COVER);
    await expectAsync(restorer.restore(file)).toBeRejectedWithError(/newer/i);
    expect(bucket.history(COVER)[0]).toBe(newer);
    expect(bed.table('Song').rows.get('s1')!['coverArtPath']).toBeNull();
  });
});
