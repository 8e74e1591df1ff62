import { PHOTOS, SIGNED_PDF, type Contract } from '../attachments/testing/contracts';
import { forbidden, rejection, unavailable } from '../attachments/testing/attachment-errors';
import { FakeRecordTable } from '../attachments/testing/fake-record-table';
import { RecordRestore, holdsFields, restorableFields } from './record-restore';

describe('RecordRestore', () => {
  let table: FakeRecordTable<Contract>;
  let restore: RecordRestore<Contract>;
  let deleted: Contract;

  beforeEach(() => {
    table = new FakeRecordTable<Contract>();
    restore = new RecordRestore(table, SIGNED_PDF);
    const record = table.insert({
      title: 'Lease',
      signedPdf: 'contracts/a/1-lease.pdf',
      photos: ['p/1.png', 'p/2.png'],
    });
    table.rows.delete(record.id);
    deleted = record;
  });

  describe('recreate', () => {
    it('creates the record again with its id and every field, leaving the timestamps to the backend', async () => {
      const back = await restore.recreate(deleted);
      expect(table.calls.at(-1)).toEqual({
        op: 'create',
        input: { id: deleted.id, title: 'Lease', signedPdf: 'contracts/a/1-lease.pdf', photos: ['p/1.png', 'p/2.png'] },
      });
      expect(back.id).toBe(deleted.id);
      expect(holdsFields(table.rows.get(deleted.id)!, restorableFields(deleted))).toBe(true);
    });

    it('refuses when a record with that id exists now, and leaves it as it is', async () => {
      const other = table.insert({ id: deleted.id, title: 'Another', signedPdf: null, photos: [] });
      const err = await rejection(restore.recreate(deleted));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('A contract with this id exists now (“Another”');
      expect(table.rows.get(deleted.id)).toEqual(other);
    });

    it('succeeds when the record is there with the same fields (an earlier try landed, its answer lost)', async () => {
      table.fail('create', unavailable(), true);
      const back = await restore.recreate(deleted);
      expect(back.title).toBe('Lease');
      expect(table.rows.size).toBe(1);
      // and a retry of it now finds it done
      expect((await restore.recreate(deleted)).id).toBe(deleted.id);
    });

    it('passes on a refusal that is not about the id (a role that may not create)', async () => {
      table.fail('create', forbidden());
      expect((await rejection(restore.recreate(deleted))).kind).toBe('forbidden');
      expect(table.rows.size).toBe(0);
    });
  });

  describe('reattach', () => {
    it('points an empty one-file field at the restored path, conditional on the version read', async () => {
      const current = table.insert({ title: 'Lease', signedPdf: null, photos: [] });
      const back = await restore.reattach(SIGNED_PDF, current, ['contracts/a/1-lease.pdf']);
      expect(back.signedPdf).toBe('contracts/a/1-lease.pdf');
      expect(table.calls.at(-1)).toEqual({
        op: 'update',
        input: { id: current.id, signedPdf: 'contracts/a/1-lease.pdf' },
        expect: current.updatedAt,
      });
    });

    it('appends the paths a list lacks, in their order, and writes nothing when it holds them all', async () => {
      const current = table.insert({ title: 'Site', signedPdf: null, photos: ['p/2.png'] });
      const back = await restore.reattach(PHOTOS, current, ['p/1.png', 'p/2.png', 'p/3.png']);
      expect(back.photos).toEqual(['p/2.png', 'p/1.png', 'p/3.png']);
      const writes = table.writes();
      expect(await restore.reattach(PHOTOS, back, ['p/1.png'])).toBe(back);
      expect(table.writes()).toBe(writes);
    });

    it('refuses a one-file field holding another file now, writing nothing', async () => {
      const current = table.insert({ title: 'Lease', signedPdf: 'contracts/a/2-new.pdf', photos: [] });
      const writes = table.writes();
      const err = await rejection(restore.reattach(SIGNED_PDF, current, ['contracts/a/1-lease.pdf']));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('“Lease” holds another document now');
      expect(table.writes()).toBe(writes);
    });

    it('refuses when the record changed since it was read, and keeps the other change', async () => {
      const read = table.insert({ title: 'Lease', signedPdf: null, photos: [] });
      table.replace(read.id, { title: 'Lease (signed)' });
      const err = await rejection(restore.reattach(SIGNED_PDF, read, ['contracts/a/1-lease.pdf']));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('was changed by someone else since; it was left as it is');
      expect(table.rows.get(read.id)?.signedPdf).toBeNull();
      expect(table.rows.get(read.id)?.title).toBe('Lease (signed)');
    });

    it('says so when the record was deleted meanwhile', async () => {
      const read = table.insert({ title: 'Lease', signedPdf: null, photos: [] });
      table.rows.delete(read.id);
      const err = await rejection(restore.reattach(SIGNED_PDF, read, ['contracts/a/1-lease.pdf']));
      expect(err.message).toContain('no longer exists');
    });

    it('succeeds when its update landed although the answer was lost', async () => {
      const read = table.insert({ title: 'Lease', signedPdf: null, photos: [] });
      table.fail('update', unavailable(), true);
      const back = await restore.reattach(SIGNED_PDF, read, ['contracts/a/1-lease.pdf']);
      expect(back.signedPdf).toBe('contracts/a/1-lease.pdf');
    });
  });
});
