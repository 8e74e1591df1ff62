import { lastValueFrom } from 'rxjs';
import { Note, Skip } from '../jobs/job';
import { RecordBulkSteps } from './record-bulk-steps';
import { RecordFileWorkflow } from './record-file-workflow';
import { RecordFilesWorkflow } from './record-files-workflow';
import { rejection, unavailable } from './testing/attachment-errors';
import { ContractsBed, PHOTOS, SIGNED_PDF } from './testing/contracts';

const outcome = (work: Promise<unknown>) =>
  work.then((v) => (v instanceof Skip ? `skipped: ${v.reason}` : v instanceof Note ? `done: ${v.reason}` : 'done'));

describe('RecordBulkSteps', () => {
  let bed: ContractsBed;
  beforeEach(() => (bed = new ContractsBed()));

  it('a delete whose file step failed is finished by the retry: the record counts as gone, the file is deleted', async () => {
    const steps = new RecordBulkSteps(new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF), bed.engine);
    const seen = bed.seed('Retry', 'contracts/r/a.pdf');
    bed.bucket.failRemove = () => unavailable();
    const err = await rejection(lastValueFrom(steps.deleteOne(seen, true)));
    expect(err.message).toContain('“Retry” was deleted, but its document file could not be deleted');
    expect(bed.bucket.objects.size).toBe(1);

    bed.bucket.failRemove = undefined;
    expect(await outcome(lastValueFrom(steps.deleteOne(seen, true), { defaultValue: undefined }))).toBe('done');
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('skips a record someone else changed since it was selected, touching nothing', async () => {
    const steps = new RecordBulkSteps(new RecordFilesWorkflow(bed.table, bed.engine, PHOTOS), bed.engine);
    const seen = bed.seed('Changed', null, ['site-photos/c/a.png']);
    bed.table.replace(seen.id, { title: 'Changed again' });
    expect(await outcome(lastValueFrom(steps.deleteOne(seen, true)))).toBe(
      'skipped: Changed by someone else since it was selected; left as it is.',
    );
    expect(await outcome(lastValueFrom(steps.detachOne(seen, true)))).toBe(
      'skipped: Changed by someone else since it was selected; left as it is.',
    );
    expect(bed.table.rows.get(seen.id)!.photos).toEqual(['site-photos/c/a.png']);
    expect(bed.bucket.objects.size).toBe(1);
  });

  it('detaches every file of a list, then deletes them; a record with none is skipped', async () => {
    const steps = new RecordBulkSteps(new RecordFilesWorkflow(bed.table, bed.engine, PHOTOS), bed.engine);
    const full = bed.seed('Full', null, ['site-photos/f/a.png', 'site-photos/f/b.png']);
    expect(await outcome(lastValueFrom(steps.detachOne(full, true), { defaultValue: undefined }))).toBe('done');
    expect(bed.table.rows.get(full.id)!.photos).toEqual([]);
    expect(bed.bucket.objects.size).toBe(0);
    expect(await outcome(lastValueFrom(steps.detachOne(bed.seed('Empty'), true)))).toBe('skipped: It has no photos.');
  });

  it('a detach someone else finished meanwhile counts as done and only the files are left to delete', async () => {
    const steps = new RecordBulkSteps(new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF), bed.engine);
    const seen = bed.seed('Already', 'contracts/a/a.pdf');
    bed.table.replace(seen.id, { signedPdf: null });
    expect(await outcome(lastValueFrom(steps.detachOne(seen, true), { defaultValue: undefined }))).toBe('done');
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('a bulk delete keeps a file another record uses and says so in the item’s result', async () => {
    const steps = new RecordBulkSteps(new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF), bed.engine);
    const shared = bed.seed('Shared', 'contracts/s/a.pdf');
    const alone = bed.seed('Alone', 'contracts/a/a.pdf');
    bed.invoices.insert({ number: 'INV-2', scanPath: 'contracts/s/a.pdf' });
    const [first, second] = await Promise.all([
      outcome(lastValueFrom(steps.deleteOne(shared, true), { defaultValue: undefined })),
      outcome(lastValueFrom(steps.deleteOne(alone, true), { defaultValue: undefined })),
    ]);
    expect(first).toBe(
      'done: 1 document file of “Shared” was kept: “a.pdf” is also used by invoice “INV-2” (Invoice.scanPath).',
    );
    expect(second).toBe('done');
    expect([...bed.bucket.objects.keys()]).toEqual(['contracts/s/a.pdf']);
    expect(bed.references.calls.length).toBe(3);
  });

  it('a delete whose check for other records failed keeps the file and fails; the retry checks again and deletes it', async () => {
    const steps = new RecordBulkSteps(new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF), bed.engine);
    const seen = bed.seed('Flaky', 'contracts/f/a.pdf');
    bed.references.failNext = unavailable();
    const err = await rejection(lastValueFrom(steps.deleteOne(seen, true)));
    expect(err.message).toContain('“a.pdf” could not be checked for other records using it');
    expect([...bed.bucket.objects.keys()]).toEqual(['contracts/f/a.pdf']);

    expect(await outcome(lastValueFrom(steps.deleteOne(seen, true), { defaultValue: undefined }))).toBe('done');
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('a bulk detach-and-delete keeps a shared photo; its retry after a lost answer does too', async () => {
    const steps = new RecordBulkSteps(new RecordFilesWorkflow(bed.table, bed.engine, PHOTOS), bed.engine);
    const seen = bed.seed('Site', null, ['site-photos/s/a.png', 'site-photos/s/b.png']);
    bed.seed('Copy', null, ['site-photos/s/b.png']);
    bed.table.replace(seen.id, { photos: [] }); // an earlier try emptied it; its answer was lost
    expect(await outcome(lastValueFrom(steps.detachOne(seen, true), { defaultValue: undefined }))).toBe(
      'done: 1 photo file of “Site” was kept: “b.png” is also used by contract “Copy” (Contract.photos).',
    );
    expect([...bed.bucket.objects.keys()]).toEqual(['site-photos/s/b.png']);
  });
});
