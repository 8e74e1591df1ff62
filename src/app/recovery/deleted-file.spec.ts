import type { AuditEvent } from '../audit/audit-event';
import type { ObjectVersion } from './bucket-versions';
import { DeletedScanner, describeDeleted, recordIdFromPath } from './deleted-file';
import { prefixesOf } from './deleted-files';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
const version = (path: string, versionId: string, minute: number, marker = false, isLatest = false): ObjectVersion => ({
  path,
  versionId,
  isLatest,
  deleteMarker: marker,
  lastModified: at(minute),
  ...(marker ? {} : { size: 7 }),
});

function event(partial: Partial<AuditEvent>): AuditEvent {
  return {
    id: 'e',
    at: at(10).toISOString(),
    actor: 'sub::ann',
    action: 'delete',
    model: null,
    recordId: null,
    field: null,
    paths: [],
    before: null,
    after: null,
    jobId: null,
    result: null,
    ...partial,
  };
}

describe('DeletedScanner', () => {
  it('finds keys whose latest entry is a delete marker over a version, across page ends', () => {
    const scanner = new DeletedScanner();
    const first = scanner.page([
      version('a', 'm1', 9, true, true),
      version('a', 'v1', 5),
      version('b', 'v2', 5, false, true),
      version('c', 'm2', 9, true, true),
    ]);
    expect(first.map((f) => f.path)).toEqual(['a']);
    const second = scanner.page([version('c', 'v3', 4), version('d', 'm3', 9, true, true)]);
    expect(second).toEqual([{ path: 'c', versionId: 'v3', deletedAt: at(9), size: 7 }]);
    expect(scanner.end()).toEqual([], 'd has nothing under its marker');
  });
});

describe('describeDeleted', () => {
  const file = { path: 'images/s1/3f2b8c1e-0000-4000-8000-000000000000-x.png', versionId: 'v1', deletedAt: at(10) };
  const patterns = [
    { model: 'Song', field: 'coverArtPath', template: 'images/{id}/{uuid}-{name}' },
    { model: 'Product', field: 'manualPath', template: 'manuals/{id}/{uuid}-{name}' },
  ];

  it('names the console user, the record and the version from the deleting event', () => {
    const found = describeDeleted(
      file,
      [
        event({
          paths: [file.path],
          model: 'Song',
          recordId: 's1',
          field: 'coverArtPath',
          jobId: 'j',
          before: { coverArtPath: [file.path], record: { id: 's1', name: 'Blue' }, versions: { [file.path]: 'v0' } },
        }),
      ],
      patterns,
    );
    expect(found.actor).toBe('ann');
    expect(found.jobId).toBe('j');
    expect(found.versionId).toBe('v0');
    expect(found.owners).toEqual([
      { model: 'Song', recordId: 's1', field: 'coverArtPath', before: { id: 's1', name: 'Blue' } },
    ]);
  });

  it('says outside the console (no actor) when no event is near, and reads the record from the key template', () => {
    const late = event({ paths: [file.path], at: at(30).toISOString(), model: 'Song', recordId: 's1' });
    const found = describeDeleted(file, [late, event({ action: 'attach', paths: [file.path] })], patterns);
    expect(found.actor).toBeNull();
    expect(found.owners).toEqual([{ model: 'Song', recordId: 's1', field: 'coverArtPath' }]);
  });

  it('reads ids only where the template puts them', () => {
    expect(recordIdFromPath('images/s1/3f2b8c1e-0000-4000-8000-000000000000-a.png', 'images/{id}/{uuid}-{name}')).toBe(
      's1',
    );
    expect(recordIdFromPath('images/a.png', 'images/{id}/{uuid}-{name}')).toBeUndefined();
    expect(recordIdFromPath('images/s1/a.png', 'images/{uuid}-{name}')).toBeUndefined();
  });

  it('lists each path start once, none inside another', () => {
    const field = (paths: string[]) => ({ paths }) as unknown as Parameters<typeof prefixesOf>[0][number];
    expect(prefixesOf([field(['images/*']), field(['images/covers/*', 'media/{entity_id}/*'])])).toEqual([
      'images/',
      'media/',
    ]);
  });
});
