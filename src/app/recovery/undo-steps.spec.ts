import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { RecordBulkSteps } from '../attachments/record-bulk-steps';
import { RecordFileWorkflow } from '../attachments/record-file-workflow';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { type Contract, ContractsBed, PHOTOS, SIGNED_PDF } from '../attachments/testing/contracts';
import { NO_WORKFLOW_EVENTS, type WorkflowEvent } from '../attachments/workflow-events';
import { Job } from '../jobs/job';
import type { RecordFileField } from '../attachments/record-file-field';
import { FakeFileVersions } from './testing/fake-file-versions';
import { UndoLog } from './undo-log';
import { UndoSteps } from './undo-steps';

const through = <T>(job: Job<T>) =>
  firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));

describe('Undo of a bulk job (UndoLog + UndoSteps over the real workflow and bulk steps)', () => {
  let bed: ContractsBed;
  let versions: FakeFileVersions<Blob>;
  let events: WorkflowEvent[];

  beforeEach(() => {
    bed = new ContractsBed();
    versions = new FakeFileVersions(bed.bucket);
    events = [];
    spyOn(NO_WORKFLOW_EVENTS, 'happened').and.callFake((e: WorkflowEvent) => void events.push(e));
  });

  function setUp(kind: 'delete' | 'detach', field: RecordFileField<Contract>) {
    const workflow =
      field.kind === 'one'
        ? new RecordFileWorkflow(bed.table, bed.engine, field)
        : new RecordFilesWorkflow(bed.table, bed.engine, field);
    const steps = new RecordBulkSteps(workflow, bed.engine);
    const log = new UndoLog<Contract>(
      {
        kind,
        deleteFiles: true,
        field,
        fileFields: [field],
        api: bed.table,
        label: (c) => c.title,
        title: 'Delete contracts',
        concurrency: 4,
      },
      bed.engine,
      versions,
    );
    const run = (items: Contract[]) =>
      new Job<Contract>({
        title: 'job',
        items,
        label: (c) => c.title,
        concurrency: 4,
        operation: log.capture((c) => (kind === 'delete' ? steps.deleteOne(c, true) : steps.detachOne(c, true))),
      });
    const undo = () => {
      const undoSteps = new UndoSteps(log.target, bed.engine, versions, 'undo-1');
      return new Job({
        title: 'undo',
        items: log.removed(),
        label: (i) => i.before.title,
        concurrency: 4,
        operation: (i) => undoSteps.undoOne(i),
      });
    };
    return { log, run, undo };
  }

  it('puts deleted records back with their ids and fields, and their files byte for byte', async () => {
    const a = bed.seed('Lease', 'contracts/a/1-lease.pdf');
    const b = bed.seed('Deed', 'contracts/b/1-deed.pdf');
    const bytesOfA = bed.bucket.objects.get(a.signedPdf!);
    const { log, run, undo } = setUp('delete', SIGNED_PDF);
    await through(run([a, b]));
    expect(bed.table.rows.size).toBe(0);
    expect(bed.bucket.objects.size).toBe(0);

    // The delete events carry the job, the record as it was and the version deleted.
    const deletes = events.filter((e) => e.action === 'delete');
    expect(deletes.map((e) => [e.recordId, e.jobId, e.image?.['title']])).toEqual(
      jasmine.arrayWithExactContents([
        [a.id, log.id, 'Lease'],
        [b.id, log.id, 'Deed'],
      ]),
    );
    expect(deletes.find((e) => e.recordId === a.id)?.versions).toEqual({ [a.signedPdf!]: jasmine.any(String) });

    const job = undo();
    await through(job);
    expect(job.results().map((r) => r.status)).toEqual(['ok', 'ok']);
    for (const was of [a, b]) {
      const back = bed.table.rows.get(was.id)!;
      expect([back.title, back.signedPdf, back.photos]).toEqual([was.title, was.signedPdf, was.photos]);
    }
    expect(bed.bucket.objects.get(a.signedPdf!)).toBe(bytesOfA);
    expect(bed.dangling()).toEqual([]);
    const restores = events.filter((e) => e.action === 'restore');
    expect(restores.map((e) => [e.recordId, e.jobId, e.after])).toEqual(
      jasmine.arrayWithExactContents([
        [a.id, 'undo-1', [a.signedPdf]],
        [b.id, 'undo-1', [b.signedPdf]],
      ]),
    );
  });

  it('leaves alone, as a conflict, a record made with the same id after the job; an item skipped in the job is not undone', async () => {
    const a = bed.seed('Lease', 'contracts/a/1-lease.pdf');
    const b = bed.seed('Deed', 'contracts/b/1-deed.pdf');
    const { log, run, undo } = setUp('delete', SIGNED_PDF);
    bed.table.replace(b.id, { title: 'Deed (changed before the job)' }); // the job skips it
    await through(run([a, b]));
    expect(log.removed().map((i) => i.before.id)).toEqual([a.id]);

    bed.table.insert({ id: a.id, title: 'New lease', signedPdf: null, photos: [] });
    const job = undo();
    await through(job);
    expect(job.results()[0]).toEqual(
      jasmine.objectContaining({ status: 'skipped', reason: jasmine.stringMatching(/^Conflict: .*“New lease”/) }),
    );
    expect(bed.table.rows.get(a.id)?.title).toBe('New lease');
    expect(bed.bucket.objects.has(a.signedPdf!)).toBeFalse();
  });

  it('still deletes when a role may not read file versions, and then neither offers nor does an undo that would leave a record without its files', async () => {
    const a = bed.seed('Lease', 'contracts/a/1-lease.pdf');
    spyOn(versions, 'currentVersionId').and.rejectWith(
      new AttachmentError(
        'forbidden',
        'Only ADMINS may see or restore earlier versions of files. Nothing was changed.',
      ),
    );
    const { log, run, undo } = setUp('delete', SIGNED_PDF);
    const job = run([a]);
    await through(job);
    expect(job.results().map((r) => r.status)).toEqual(['ok']);
    expect(bed.table.rows.has(a.id)).toBeFalse();
    expect(log.undoable()).toBeFalse();

    const undoing = undo();
    await through(undoing);
    expect(undoing.results()[0]).toEqual(
      jasmine.objectContaining({
        status: 'skipped',
        reason: jasmine.stringMatching(/could not be read when it was deleted/),
      }),
    );
    expect(bed.table.rows.has(a.id)).toBeFalse();
    expect(bed.dangling()).toEqual([]);
  });

  it('keeps a file another record uses, and the undo leaves it as it is', async () => {
    const a = bed.seed('Lease', 'contracts/a/1-lease.pdf');
    bed.invoices.insert({ number: 'INV-1', scanPath: a.signedPdf });
    const { run, undo } = setUp('delete', SIGNED_PDF);
    const job = run([a]);
    await through(job);
    expect(job.results()[0]?.reason).toContain('INV-1');
    expect(bed.bucket.objects.has(a.signedPdf!)).toBeTrue();
    await through(undo());
    expect(bed.table.rows.get(a.id)?.signedPdf).toBe(a.signedPdf);
    expect(bed.bucket.objects.has(a.signedPdf!)).toBeTrue();
  });

  it('re-attaches detached files with their bytes, and leaves a record changed after the job alone', async () => {
    const a = bed.seed('Site A', null, ['site/a/1.png', 'site/a/2.png']);
    const b = bed.seed('Site B', null, ['site/b/1.png']);
    const { run, undo } = setUp('detach', PHOTOS);
    await through(run([a, b]));
    expect(bed.table.rows.get(a.id)?.photos).toEqual([]);
    expect(bed.bucket.objects.size).toBe(0);
    bed.table.replace(b.id, { title: 'Site B (renamed after the job)' });

    const job = undo();
    await through(job);
    const [ra, rb] = job.results();
    expect(ra?.status).toBe('ok');
    expect(bed.table.rows.get(a.id)?.photos).toEqual(['site/a/1.png', 'site/a/2.png']);
    expect([...bed.bucket.objects.keys()].sort()).toEqual(['site/a/1.png', 'site/a/2.png']);
    expect(rb).toEqual(jasmine.objectContaining({ status: 'skipped', reason: jasmine.stringMatching(/^Conflict: /) }));
    expect(bed.table.rows.get(b.id)?.photos).toEqual([]);
  });

  it('fails an item whose file cannot be restored without creating its record, and a retry finishes it', async () => {
    const a = bed.seed('Lease', 'contracts/a/1-lease.pdf');
    const { run, undo } = setUp('delete', SIGNED_PDF);
    await through(run([a]));
    const restore = spyOn(versions, 'restore').and.rejectWith(new AttachmentError('unavailable', 'S3 is away.'));
    const job = undo();
    await through(job);
    expect(job.results()[0]?.status).toBe('failed');
    expect(bed.table.rows.has(a.id)).toBeFalse(); // never a record pointing at a missing file
    restore.and.callThrough();
    expect(job.retryFailed()).toBeTrue();
    await through(job);
    expect(job.results()[0]?.status).toBe('ok');
    expect(bed.table.rows.get(a.id)?.signedPdf).toBe(a.signedPdf);
    expect(bed.dangling()).toEqual([]);
  });

  afterEach(() => TestBed.resetTestingModule());
});
