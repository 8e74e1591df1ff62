import { TestBed } from '@angular/core/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { AUDIT_API } from '../audit/audit-api';
import { FakeAuditApi } from '../audit/testing/fake-audit-api';
import type { DiscoveredFileField } from '../discovery/discovery-result';
import { VERSIONS_ACCESS } from './bucket-versions';
import { DeletedFiles, VERSIONS_PAGE, prefixesOf } from './deleted-files';
import { FakeVersionedBucket } from './testing/fake-versioned-bucket';

const field = (model: string, name: string, paths: string[], keyTemplate?: string): DiscoveredFileField => ({
  model,
  field: name,
  kind: 'one',
  status: 'confirmed',
  paths,
  ...(keyTemplate ? { keyTemplate } : {}),
  evidence: [],
  sampled: { values: 0, resolved: 0 },
});

describe('prefixesOf', () => {
  it('gives each path pattern’s fixed start once, leaving out those inside another', () => {
    expect(
      prefixesOf([
        field('Song', 'cover', ['images/*']),
        field('Album', 'photos', ['images/{entity_id}/*', 'docs/manuals/*']),
        field('Doc', 'file', ['docs/*', 'media/{entity_id}/*']),
      ]),
    ).toEqual(['docs/', 'images/', 'media/']);
  });

  it('keeps a pattern without a wildcard whole, and gives none for no fields', () => {
    expect(prefixesOf([field('A', 'f', ['exact/file.png', 'ünï/名/*'])])).toEqual(['exact/file.png', 'ünï/名/']);
    expect(prefixesOf([])).toEqual([]);
  });
});

describe('DeletedFiles', () => {
  const SONGS = field('Song', 'coverArtPath', ['images/*'], 'images/{id}/{uuid}-{name}');
  const COVER = 'images/s1/11111111-1111-4111-8111-111111111111-cover.png';
  let bucket: FakeVersionedBucket;
  let audit: FakeAuditApi;
  let deleted: DeletedFiles;

  beforeEach(() => {
    bucket = new FakeVersionedBucket();
    audit = new FakeAuditApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: VERSIONS_ACCESS, useValue: bucket },
        { provide: AUDIT_API, useValue: audit },
      ],
    });
    deleted = TestBed.inject(DeletedFiles);
  });

  const now = () => new Date(bucket.clock + 60_000);
  const all = (fields: DiscoveredFileField[]) => lastValueFrom(deleted.scan(fields, now()).pipe(toArray()));
  const last = async (fields: DiscoveredFileField[]) => (await all(fields)).at(-1) ?? [];

  it('lists only files whose latest entry is a delete marker over a version, under the fields’ prefixes', async () => {
    bucket.put('images/live.png');
    const kept = bucket.put(COVER);
    bucket.delete(COVER);
    bucket.delete('images/never-a-file.png');
    bucket.put('elsewhere/x.png');
    bucket.delete('elsewhere/x.png');
    // Deleted, then written again: there now.
    bucket.put('images/back.png');
    bucket.delete('images/back.png');
    bucket.put('images/back.png');
    const files = await last([SONGS]);
    expect(files.map((f) => [f.path, f.versionId])).toEqual([[COVER, kept]]);
  });

  it('names who deleted a file and its record from the audit trail, else the record its key names', async () => {
    const other = 'images/s2/22222222-2222-4222-8222-222222222222-art.png';
    bucket.put(COVER);
    bucket.put(other);
    bucket.delete(COVER);
    audit.actor = 'sub-admin::admin';
    await audit.record(
      { action: 'delete', model: 'Song', recordId: 's1', field: 'coverArtPath', paths: [COVER], jobId: 'job-7' },
      new Date(bucket.clock).toISOString(),
    );
    bucket.delete(other);
    const files = await last([SONGS]);
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(byPath.get(COVER)).toEqual(
      jasmine.objectContaining({
        actor: 'admin',
        action: 'delete',
        jobId: 'job-7',
        owners: [{ model: 'Song', recordId: 's1', field: 'coverArtPath' }],
      }),
    );
    expect(byPath.get(other)).toEqual(
      jasmine.objectContaining({ actor: null, owners: [{ model: 'Song', recordId: 's2', field: 'coverArtPath' }] }),
    );
  });

  it('emits the list so far after each page, and settles a key whose versions go on into the next page', async () => {
    // VERSIONS_PAGE - 1 live versions of one key, then a key deleted over three versions: the page ends inside it.
    for (let i = 0; i < VERSIONS_PAGE - 1; i++) bucket.put('images/a.png');
    bucket.put('images/b.png');
    const newest = bucket.put('images/b.png');
    bucket.delete('images/b.png');
    bucket.put('images/c.png');
    bucket.delete('images/c.png');
    const lists = await all([SONGS]);
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.at(-1)!.map((f) => [f.path, f.versionId])).toEqual([
      ['images/b.png', newest],
      ['images/c.png', jasmine.any(String)],
    ] as unknown as string[][]);
    const requests = bucket.requests.filter((r) => r.url.searchParams.has('versions'));
    expect(requests.length).toBe(2);
  });

  it('ends without a list when nothing was deleted, and reads each prefix once', async () => {
    bucket.put('images/a.png');
    const docs = field('Doc', 'file', ['docs/*']);
    expect(await last([SONGS, docs, field('Song', 'thumb', ['images/thumbs/*'])])).toEqual([]);
    const listed = bucket.requests
      .filter((r) => r.url.searchParams.has('versions'))
      .map((r) => r.url.searchParams.get('prefix'));
    expect(listed).toEqual(['docs/', 'images/']);
  });

  it('fails with the bucket’s refusal', async () => {
    bucket.put(COVER);
    bucket.delete(COVER);
    bucket.refuse = true;
    await expectAsync(all([SONGS])).toBeRejected();
  });
});
