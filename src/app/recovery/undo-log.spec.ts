import { type Observable, defer, firstValueFrom, lastValueFrom, of, throwError } from 'rxjs';
import type { RecordFileField } from '../attachments/record-file-field';
import { type Contract, ContractsBed, PHOTOS, SIGNED_PDF } from '../attachments/testing/contracts';
import type { WorkflowEvent } from '../attachments/workflow-events';
import { Skip } from '../jobs/job';
import { FakeFileVersions } from './testing/fake-file-versions';
import { type FileVersionsApi, UndoLog } from './undo-log';

describe('UndoLog', () => {
  let bed: ContractsBed;
  let versions: FakeFileVersions<Blob>;

  beforeEach(() => {
    bed = new ContractsBed();
    versions = new FakeFileVersions(bed.bucket);
  });

  function logOf(
    fileFields: readonly RecordFileField<Contract>[] = [SIGNED_PDF, PHOTOS],
    deleteFiles = true,
    api: FileVersionsApi = versions,
  ): UndoLog<Contract> {
    return new UndoLog<Contract>(
      {
        kind: 'delete',
        deleteFiles,
        field: fileFields[0] ?? SIGNED_PDF,
        fileFields,
        api: bed.table,
        label: (c) => c.title,
        title: 'Delete contracts',
        concurrency: 4,
      },
      bed.engine,
      api,
    );
  }

  /** An item's operation that deletes the record's files and row, as a bulk delete would. */
  const deleteAll = (c: Contract): Observable<string> =>
    defer(async () => {
      [c.signedPdf, ...c.photos].forEach((p) => p && bed.bucket.objects.delete(p));
      bed.table.rows.delete(c.id);
      return 'done';
    });

  it('keeps each item’s record as selected and the version each of its files had before it ran', async () => {
    const lease = bed.seed('Lease', 'contracts/l/1-lease.pdf', ['site-photos/l/1-a.png', 'site-photos/l/2-b.png']);
    const log = logOf();
    const answer = await lastValueFrom(log.capture(deleteAll)(lease));
    expect(answer).toBe('done');
    expect(bed.bucket.objects.size).toBe(0);
    const [item] = log.removed();
    expect(item!.before).toEqual(lease);
    expect(Object.keys(item!.versions).sort()).toEqual([
      'contracts/l/1-lease.pdf',
      'site-photos/l/1-a.png',
      'site-photos/l/2-b.png',
    ]);
    expect(item!.unreadable).toEqual([]);
    expect(item!.outcome).toBe('done');
    expect(log.undoable()).toBeTrue();
    // The versions kept are the ones that bring the very files back.
    for (const [path, id] of Object.entries(item!.versions)) await versions.restore(path, id);
    expect(bed.bucket.objects.size).toBe(3);
  });

  it('reads versions only for the fields the job deletes from, and none when it keeps the files', async () => {
    const lease = bed.seed('Lease', 'contracts/l/1-lease.pdf', ['site-photos/l/1-a.png']);
    const onlyPdf = logOf([SIGNED_PDF]);
    await lastValueFrom(onlyPdf.capture(() => of(1))(lease));
    expect(Object.keys(onlyPdf.removed()[0]!.versions)).toEqual(['contracts/l/1-lease.pdf']);

    const asked = spyOn(versions, 'currentVersionId').and.callThrough();
    const keeping = logOf([SIGNED_PDF, PHOTOS], false);
    await lastValueFrom(keeping.capture(() => of(1))(lease));
    expect(asked).not.toHaveBeenCalled();
    expect(keeping.removed()[0]!.versions).toEqual({});
  });

  it('leaves out skipped items, keeps failed ones (they may have deleted something) and passes the failure on', async () => {
    const [a, b, c] = ['A', 'B', 'C'].map((t, i) => bed.seed(t, `contracts/${i}/1-x.pdf`));
    const log = logOf();
    await lastValueFrom(log.capture(() => of(new Skip('changed since')))(a!));
    await lastValueFrom(log.capture(deleteAll)(b!));
    const failure = new Error('refused');
    await expectAsync(lastValueFrom(log.capture(() => throwError(() => failure))(c!))).toBeRejectedWith(failure);
    expect(log.removed().map((i) => [i.before.title, i.outcome])).toEqual([
      ['B', 'done'],
      ['C', 'failed'],
    ]);
  });

  it('still runs an item whose versions cannot be read, and marks it not undoable', async () => {
    const lease = bed.seed('Lease', 'contracts/l/1-lease.pdf', ['site-photos/l/1-a.png']);
    const refusing: FileVersionsApi = {
      currentVersionId: (path) =>
        path.endsWith('.png') ? Promise.reject(new Error('AccessDenied')) : versions.currentVersionId(path),
      restore: (path, id) => versions.restore(path, id),
    };
    const log = logOf([SIGNED_PDF, PHOTOS], true, refusing);
    await lastValueFrom(log.capture(deleteAll)(lease));
    const [item] = log.removed();
    expect(item!.outcome).toBe('done');
    expect(item!.unreadable).toEqual(['site-photos/l/1-a.png']);
    expect(Object.keys(item!.versions)).toEqual(['contracts/l/1-lease.pdf']);
    expect(log.undoable()).toBeFalse();
  });

  it('is not undoable before anything ran, nor when every item was skipped', async () => {
    const log = logOf();
    expect(log.undoable()).toBeFalse();
    await lastValueFrom(log.capture(() => of(new Skip('gone')))(bed.seed('A')));
    expect(log.removed()).toEqual([]);
    expect(log.undoable()).toBeFalse();
  });

  it('merges a retry into the first try: versions read then are kept although those files are gone now', async () => {
    const lease = bed.seed('Lease', 'contracts/l/1-lease.pdf', ['site-photos/l/1-a.png']);
    const log = logOf();
    // The first try deletes the PDF, then fails.
    const halfway = (c: Contract) =>
      defer(async () => {
        bed.bucket.objects.delete(c.signedPdf!);
        throw new Error('network');
      });
    await expectAsync(lastValueFrom(log.capture(halfway)(lease))).toBeRejected();
    const first = { ...log.removed()[0]!.versions };
    await lastValueFrom(log.capture(deleteAll)(lease));
    expect(log.removed().length).toBe(1);
    expect(log.removed()[0]!.versions).toEqual(first);
    expect(log.removed()[0]!.outcome).toBe('done');
  });

  it('tags the workflow’s reports on the record with the job, the record as it was and the versions, while the item runs', async () => {
    const lease = bed.seed('Lease', 'contracts/l/1-lease.pdf');
    const log = logOf([SIGNED_PDF]);
    const report = (c: Contract): WorkflowEvent => ({
      action: 'delete',
      model: 'Contract',
      recordId: c.id,
      field: 'signedPdf',
      before: [c.signedPdf!],
      after: [],
      result: 'done',
    });
    const during = await firstValueFrom(log.capture((c) => of(bed.engine.eventTags.apply(report(c))))(lease));
    expect(during).toEqual(
      jasmine.objectContaining({
        jobId: log.id,
        image: jasmine.objectContaining({ id: lease.id, title: 'Lease' }),
        versions: { 'contracts/l/1-lease.pdf': jasmine.any(String) },
      }),
    );
    expect(bed.engine.eventTags.apply(report(lease))).toEqual(report(lease));
  });

  it('gives every job its own id', () => {
    expect(logOf().id).not.toBe(logOf().id);
  });
});
