import { lastValueFrom } from 'rxjs';
import { RecordBulkSteps } from '../attachments/record-bulk-steps';
import { rejection, unavailable } from '../attachments/testing/attachment-errors';
import { ContractsBed } from '../attachments/testing/contracts';
import { Note, Skip } from '../jobs/job';
import { bulkTargetOf, bulkTitle } from './record-bulk';
import { contractRecords, seedContract } from './testing/contract-model';

const outcome = (work: Promise<unknown>) =>
  work.then((v) => (v instanceof Skip ? `skipped: ${v.reason}` : v instanceof Note ? `done: ${v.reason}` : 'done'));

describe('RecordBulk’s items (a model with two file fields)', () => {
  let bed: ContractsBed;
  beforeEach(() => (bed = new ContractsBed()));

  const steps = (action: Parameters<typeof bulkTargetOf>[1]) =>
    new RecordBulkSteps(bulkTargetOf(contractRecords(bed), action), bed.engine);

  it('a delete that failed on a file of its second field is finished by the retry, files of both fields', async () => {
    const deleting = steps({ kind: 'delete', deleteFiles: true });
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png', 'site-photos/l/b.png']);
    bed.bucket.failRemove = (p) => (p.startsWith('site-photos/') ? unavailable() : undefined);
    await rejection(lastValueFrom(deleting.deleteOne(seen, true)));
    expect(bed.table.rows.has(seen.id)).toBeFalse();
    expect([...bed.bucket.objects.keys()].sort()).toEqual(['site-photos/l/a.png', 'site-photos/l/b.png']);

    bed.bucket.failRemove = undefined;
    expect(await outcome(lastValueFrom(deleting.deleteOne(seen, true), { defaultValue: undefined }))).toBe('done');
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('a retry after a lost answer deletes the files of every field, keeping and naming one that is shared', async () => {
    const deleting = steps({ kind: 'delete', deleteFiles: true });
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    bed.invoices.insert({ number: 'INV-7', scanPath: 'contracts/l/a.pdf' });
    bed.table.rows.delete(seen.id); // an earlier try deleted the record; its answer was lost
    expect(await outcome(lastValueFrom(deleting.deleteOne(seen, true), { defaultValue: undefined }))).toBe(
      'done: 1 document file of “Lease” was kept: “a.pdf” is also used by invoice “INV-7” (Invoice.scanPath).',
    );
    expect([...bed.bucket.objects.keys()]).toEqual(['contracts/l/a.pdf']);
  });

  it('a bulk delete names files kept in either field in the item’s result', async () => {
    const deleting = steps({ kind: 'delete', deleteFiles: true });
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    seedContract(bed, 'Copy', null, ['site-photos/l/a.png']);
    expect(await outcome(lastValueFrom(deleting.deleteOne(seen, true), { defaultValue: undefined }))).toBe(
      'done: 1 photo file of “Lease” was kept: “a.png” is also used by contract “Copy” (Contract.photos).',
    );
    expect([...bed.bucket.objects.keys()]).toEqual(['site-photos/l/a.png']);
  });

  it('a detach of the photos, retried after a lost answer, deletes the photos and leaves the PDF', async () => {
    const detaching = steps({ kind: 'detach', field: 'photos', deleteFiles: true });
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    bed.table.replace(seen.id, { photos: [] }); // an earlier try emptied it; its answer was lost
    expect(await outcome(lastValueFrom(detaching.detachOne(seen, true), { defaultValue: undefined }))).toBe('done');
    expect([...bed.bucket.objects.keys()]).toEqual(['contracts/l/a.pdf']);
    expect(bed.table.rows.get(seen.id)?.signedPdf).toBe('contracts/l/a.pdf');
  });
});

describe('bulkTitle', () => {
  it('says what goes: records and their files, or which field is detached', () => {
    const records = contractRecords(new ContractsBed());
    expect(bulkTitle(records, { kind: 'delete', deleteFiles: true }, 20)).toBe('Delete 20 contracts and their files');
    expect(bulkTitle(records, { kind: 'delete', deleteFiles: false }, 1)).toBe('Delete 1 contract, keep their files');
    expect(bulkTitle(records, { kind: 'detach', field: 'photos', deleteFiles: false }, 3)).toBe(
      'Detach photos of 3 contracts, keep the files',
    );
  });
});
