import { lastValueFrom } from 'rxjs';
import { rejection, unavailable } from '../attachments/testing/attachment-errors';
import { ContractsBed } from '../attachments/testing/contracts';
import { contractRecords, seedContract } from './testing/contract-model';

describe('ModelRecords (a model with two file fields)', () => {
  let bed: ContractsBed;
  beforeEach(() => (bed = new ContractsBed()));

  it('deletes a record with the files of both fields and says only that it was deleted', async () => {
    const records = contractRecords(bed);
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png', 'site-photos/l/b.png']);
    const result = await lastValueFrom(records.delete(seen, true));
    expect(bed.table.rows.has(seen.id)).toBeFalse();
    expect(bed.bucket.objects.size).toBe(0);
    expect(records.deletedMessage(seen, result)).toBe('“Lease” deleted.');
  });

  it('keeps a file another record uses, in any field, and names it and its user in the message', async () => {
    const records = contractRecords(bed);
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    seedContract(bed, 'Copy', null, ['site-photos/l/a.png']);
    bed.invoices.insert({ number: 'INV-7', scanPath: 'contracts/l/a.pdf' });
    const result = await lastValueFrom(records.delete(seen, true));
    expect([...bed.bucket.objects.keys()].sort()).toEqual(['contracts/l/a.pdf', 'site-photos/l/a.png']);
    expect(records.deletedMessage(seen, result)).toBe(
      '“Lease” deleted. 1 document file of “Lease” was kept: “a.pdf” is also used by invoice “INV-7” (Invoice.scanPath). ' +
        '1 photo file of “Lease” was kept: “a.png” is also used by contract “Copy” (Contract.photos).',
    );
  });

  it('keeps the files when told to, and then has nothing to say about them', async () => {
    const records = contractRecords(bed);
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    const result = await lastValueFrom(records.delete(seen, false));
    expect(bed.table.rows.has(seen.id)).toBeFalse();
    expect(bed.bucket.objects.size).toBe(2);
    expect(records.deletedMessage(seen, result)).toBe('“Lease” deleted.');
  });

  it('a photo that cannot be deleted does not stop the others; the failure is said after', async () => {
    const records = contractRecords(bed);
    const seen = seedContract(bed, 'Lease', null, ['site-photos/l/a.png', 'site-photos/l/b.png']);
    bed.bucket.failRemove = (p) => (p.endsWith('a.png') ? unavailable() : undefined);
    const err = await rejection(lastValueFrom(records.delete(seen, true)));
    expect(err.message).toContain('could not be deleted');
    expect([...bed.bucket.objects.keys()]).toEqual(['site-photos/l/a.png']);
  });

  it('refuses to delete a record someone else changed since it was seen, touching no file', async () => {
    const records = contractRecords(bed);
    const seen = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png']);
    bed.table.replace(seen.id, { title: 'Lease (edited)' });
    const err = await rejection(lastValueFrom(records.delete(seen, true)));
    expect(err.kind).toBe('conflict');
    expect(bed.table.rows.get(seen.id)?.title).toBe('Lease (edited)');
    expect(bed.bucket.objects.size).toBe(2);
  });
});
