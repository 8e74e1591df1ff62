import { TestBed } from '@angular/core/testing';
import { ContractsBed } from '../attachments/testing/contracts';
import { through } from '../../testing/waits';
import { RecordBulk, matchingTitle } from './record-bulk';
import { contractRecords, seedContract } from './testing/contract-model';

describe('RecordBulk on every record matching a search on the server (a model no console code knows)', () => {
  let bed: ContractsBed;
  beforeEach(() => (bed = new ContractsBed()));
  afterEach(() => expect(bed.dangling()).toEqual([]));

  it('deletes every match and its files, read a page at a time, keeping no item for an Undo', async () => {
    for (let i = 0; i < 30; i++) {
      // The model's searchable field is its signed PDF's path (it has no text column).
      const kind = i % 3 ? 'lease' : 'loan';
      seedContract(bed, `${kind} ${i}`, `contracts/${kind}-${i}/a.pdf`, [`site-photos/${i}/a.png`]);
    }
    const records = contractRecords(bed);
    const bulk = TestBed.inject(RecordBulk);
    const job = bulk.start(records, { kind: 'delete', deleteFiles: true }, { search: 'lease' });
    expect(job.title).toBe('Delete every contract matching “lease” and their files');
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ state: 'finished', done: 20, failed: 0, total: 20 }));
    expect([...bed.table.rows.values()].map((c) => c.title).every((t) => t.startsWith('loan'))).toBeTrue();
    expect(bed.bucket.objects.size).toBe(20);
    expect(job.results()).toEqual([]);
    expect(job.undo).toBeUndefined();
  });

  it('detaches a field of every record, reading only those holding its files', async () => {
    seedContract(bed, 'A', 'contracts/a/a.pdf');
    seedContract(bed, 'B', null, ['site-photos/b/1.png']);
    const records = contractRecords(bed);
    const job = TestBed.inject(RecordBulk).start(
      records,
      { kind: 'detach', field: 'signedPdf', deleteFiles: true },
      { search: '' },
    );
    expect(await through(job)).toEqual(jasmine.objectContaining({ done: 1, skipped: 0, total: 1 }));
    expect([...bed.bucket.objects.keys()]).toEqual(['site-photos/b/1.png']);
    expect(matchingTitle(records, { kind: 'delete', deleteFiles: false }, '')).toBe(
      'Delete all contracts, keep their files',
    );
  });
});
