import { firstValueFrom, lastValueFrom } from 'rxjs';
import { keptFilesOf, keptSentence } from './kept-files';
import { RecordFileWorkflow } from './record-file-workflow';
import { forbidden, rejection, unavailable } from './testing/attachment-errors';
import { type Contract, ContractsBed, SIGNED_PDF } from './testing/contracts';
import { pdf, png } from './testing/fake-bucket';
import type { Transfer } from './transfer';

const done = <T>(step: Transfer<T>): T => {
  if (step.type !== 'done') throw new Error('not done');
  return step.value;
};

describe('RecordFileWorkflow (one path, a model no console code names)', () => {
  let bed: ContractsBed;
  let pdfs: RecordFileWorkflow<Contract>;
  beforeEach(() => {
    bed = new ContractsBed();
    pdfs = new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF);
  });

  describe('create', () => {
    it('uploads under the field’s key template first, then creates the record pointing at it', async () => {
      const created = done(await lastValueFrom(pdfs.create({ title: 'Lease' }, pdf('signed lease.pdf'))));
      expect(created.title).toBe('Lease');
      expect(created.signedPdf).toMatch(new RegExp(`^contracts/${created.id}/[0-9a-f-]{36}-signed-lease\\.pdf$`));
      expect(bed.bucket.objects.has(created.signedPdf!)).toBeTrue();
      expect(bed.table.rows.get(created.id)).toEqual(created);
    });

    it('refuses a file of a type the field does not accept, sending nothing and creating nothing', async () => {
      const err = await rejection(lastValueFrom(pdfs.create({ title: 'Lease' }, png('scan.png'))));
      expect(err.kind).toBe('invalid-file');
      expect(err.message).toContain('“scan.png” is a PNG image');
      expect(bed.bucket.objects.size).toBe(0);
      expect(bed.table.writes()).toBe(0);
    });

    it('refuses a file over the field’s size limit', async () => {
      expect(pdfs.validate(pdf('big.pdf', 5000))?.message).toContain('at most 4 KB');
      expect(pdfs.validate(pdf('ok.pdf', 4000))).toBeNull();
    });

    it('returns the record when the create landed although its answer was lost', async () => {
      bed.table.fail('create', unavailable(), true);
      const created = done(await lastValueFrom(pdfs.create({ title: 'Lost' }, pdf('a.pdf'))));
      expect(created.title).toBe('Lost');
      expect(bed.table.rows.size).toBe(1);
      expect(bed.bucket.objects.has(created.signedPdf!)).toBeTrue();
    });

    it('removes its upload when the create did not land', async () => {
      bed.table.fail('create', forbidden());
      const err = await rejection(lastValueFrom(pdfs.create({ title: 'No' }, pdf('a.pdf'))));
      expect(err.kind).toBe('forbidden');
      expect(bed.table.rows.size).toBe(0);
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('keeps the upload when whether the create landed cannot be known (an orphan at worst)', async () => {
      bed.table.fail('create', unavailable());
      bed.table.fail('get', unavailable());
      const err = await rejection(lastValueFrom(pdfs.create({ title: 'Unknown' }, pdf('a.pdf'))));
      expect(err.kind).toBe('unavailable');
      expect(bed.bucket.objects.size).toBe(1);
      expect(bed.dangling()).toEqual([]);
    });
  });

  describe('setFile (attach or replace)', () => {
    it('replaces with a file of the same name and keeps the new file, deleting only the old one', async () => {
      const first = done(await lastValueFrom(pdfs.create({ title: 'Same' }, pdf('lease.pdf'))));
      const second = done(await lastValueFrom(pdfs.setFile(first, pdf('lease.pdf'))));
      expect(second.signedPdf).not.toBe(first.signedPdf);
      expect(second.signedPdf).toMatch(/-lease\.pdf$/);
      expect([...bed.bucket.objects.keys()]).toEqual([second.signedPdf!]);
      expect(bed.table.calls.at(-1)).toEqual({
        op: 'update',
        input: { id: first.id, signedPdf: second.signedPdf },
        expect: first.updatedAt,
      });
    });

    it('on a conflict keeps the other operator’s change, removes its own upload and says what happened', async () => {
      const seen = bed.seed('Race', 'contracts/r/old.pdf');
      const theirs = bed.table.replace(seen.id, { signedPdf: 'contracts/r/theirs.pdf' });
      bed.bucket.put('contracts/r/theirs.pdf');
      const err = await rejection(lastValueFrom(pdfs.setFile(seen, pdf('mine.pdf'))));
      expect(err.kind).toBe('conflict');
      expect(err.message).toBe(
        '“Race” was changed by someone else since you opened it, and their change was kept. Your file was discarded. Reload to see the latest version, then try again.',
      );
      expect(bed.table.rows.get(seen.id)).toEqual(theirs);
      expect([...bed.bucket.objects.keys()].sort()).toEqual(['contracts/r/old.pdf', 'contracts/r/theirs.pdf']);
    });

    it('says the record was deleted when it is gone, and removes its upload', async () => {
      const seen = bed.seed('Gone');
      bed.table.rows.delete(seen.id);
      const err = await rejection(lastValueFrom(pdfs.setFile(seen, pdf('mine.pdf'))));
      expect(err.message).toBe('“Gone” no longer exists: someone deleted it. Your file was discarded.');
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('reads back an update whose answer was lost, and then deletes the old file', async () => {
      const seen = bed.seed('Lost', 'contracts/l/old.pdf');
      bed.table.fail('update', unavailable(), true);
      const updated = done(await lastValueFrom(pdfs.setFile(seen, pdf('new.pdf'))));
      expect(updated.signedPdf).toMatch(/-new\.pdf$/);
      expect([...bed.bucket.objects.keys()]).toEqual([updated.signedPdf!]);
    });

    it('keeps the old file when deleting it fails: an orphan, never a dangling reference', async () => {
      const seen = bed.seed('Orphan', 'contracts/o/old.pdf');
      bed.bucket.failRemove = () => unavailable();
      const updated = done(await lastValueFrom(pdfs.setFile(seen, pdf('new.pdf'))));
      expect(bed.bucket.objects.size).toBe(2);
      expect(bed.table.rows.get(seen.id)).toEqual(updated);
      expect(bed.dangling()).toEqual([]);
    });
  });

  describe('detach', () => {
    it('clears the reference before deleting the file', async () => {
      const seen = bed.seed('Order', 'contracts/d/a.pdf');
      const order: string[] = [];
      bed.table.before.update = () => order.push('clear reference');
      const remove = bed.bucket.remove.bind(bed.bucket);
      bed.bucket.remove = (p) => (order.push(`delete ${p}`), remove(p));
      const updated = await firstValueFrom(pdfs.detach(seen, true));
      expect(updated.signedPdf).toBeNull();
      expect(order).toEqual(['clear reference', 'delete contracts/d/a.pdf']);
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('keeps the file when asked', async () => {
      const seen = bed.seed('Keep', 'contracts/k/a.pdf');
      await firstValueFrom(pdfs.detach(seen, false));
      expect(bed.bucket.objects.has('contracts/k/a.pdf')).toBeTrue();
    });

    it('deletes nothing on a conflict', async () => {
      const seen = bed.seed('Conflict', 'contracts/c/a.pdf');
      bed.table.replace(seen.id, { title: 'Renamed' });
      const err = await rejection(firstValueFrom(pdfs.detach(seen, true)));
      expect(err.kind).toBe('conflict');
      expect(bed.bucket.objects.has('contracts/c/a.pdf')).toBeTrue();
      expect(bed.table.rows.get(seen.id)!.signedPdf).toBe('contracts/c/a.pdf');
    });

    it('says the file is an orphan when it could not be deleted after the reference was cleared', async () => {
      const seen = bed.seed('Half', 'contracts/h/a.pdf');
      bed.bucket.failRemove = () => forbidden();
      const err = await rejection(firstValueFrom(pdfs.detach(seen, true)));
      expect(err.message).toBe(
        'The document was detached from “Half”, but its file could not be deleted: Your role does not allow this. The orphan report lists the file.',
      );
      expect(bed.table.rows.get(seen.id)!.signedPdf).toBeNull();
    });

    it('refuses a record with nothing to detach, writing nothing', async () => {
      const err = await rejection(firstValueFrom(pdfs.detach(bed.seed('Empty'), true)));
      expect(err.message).toBe('“Empty” has no document to detach.');
      expect(bed.table.writes()).toBe(0);
    });
  });

  describe('update and delete', () => {
    it('sends only the fields given, with no condition', async () => {
      const seen = bed.seed('Old', 'contracts/u/a.pdf');
      bed.table.replace(seen.id, { signedPdf: 'contracts/u/b.pdf' });
      const renamed = await firstValueFrom(pdfs.update(seen, { title: 'New' }));
      expect(renamed).toEqual(jasmine.objectContaining({ title: 'New', signedPdf: 'contracts/u/b.pdf' }));
      expect(bed.table.calls.at(-1)).toEqual({ op: 'update', input: { id: seen.id, title: 'New' }, expect: undefined });
    });

    it('deletes the record (conditional) before its file', async () => {
      const seen = bed.seed('Bye', 'contracts/b/a.pdf');
      const order: string[] = [];
      bed.table.before.delete = () => order.push('record');
      const remove = bed.bucket.remove.bind(bed.bucket);
      bed.bucket.remove = (p) => (order.push('file'), remove(p));
      await lastValueFrom(pdfs.delete(seen, true), { defaultValue: undefined });
      expect(order).toEqual(['record', 'file']);
      expect(bed.table.calls.find((c) => c.op === 'delete')!.expect).toBe(seen.updatedAt);
    });

    it('deletes nothing when the record changed since it was seen', async () => {
      const seen = bed.seed('Changed', 'contracts/x/a.pdf');
      bed.table.replace(seen.id, { title: 'Changed again' });
      const err = await rejection(lastValueFrom(pdfs.delete(seen, true)));
      expect(err.message).toContain('was changed by someone else');
      expect(bed.table.rows.has(seen.id)).toBeTrue();
      expect(bed.bucket.objects.size).toBe(1);
    });
  });

  describe('a file another record uses', () => {
    it('delete with its file keeps a file an invoice of another model uses, and says by whom', async () => {
      const seen = bed.seed('Lease', 'contracts/l/signed.pdf');
      bed.invoices.insert({ number: 'INV-7', scanPath: 'contracts/l/signed.pdf' });
      const result = await lastValueFrom(pdfs.delete(seen, true));
      expect(bed.table.rows.has(seen.id)).toBeFalse();
      expect(bed.bucket.objects.has('contracts/l/signed.pdf')).toBeTrue();
      expect(bed.bucket.removed).toEqual([]);
      expect(result.kept).toEqual([jasmine.objectContaining({ path: 'contracts/l/signed.pdf' })]);
      expect(keptSentenceOf(seen, result)).toBe(
        '1 document file of “Lease” was kept: “signed.pdf” is also used by invoice “INV-7” (Invoice.scanPath).',
      );
    });

    it('still deletes a file only the deleted record used, after asking every field once', async () => {
      const seen = bed.seed('Alone', 'contracts/a/signed.pdf');
      bed.invoices.insert({ number: 'INV-8', scanPath: 'contracts/other.pdf' });
      const result = await lastValueFrom(pdfs.delete(seen, true));
      expect(result.kept).toEqual([]);
      expect(bed.bucket.objects.has('contracts/a/signed.pdf')).toBeFalse();
      expect(bed.references.calls).toEqual([
        { field: 'Contract.signedPdf', paths: ['contracts/a/signed.pdf'] },
        { field: 'Contract.photos', paths: ['contracts/a/signed.pdf'] },
        { field: 'Invoice.scanPath', paths: ['contracts/a/signed.pdf'] },
      ]);
    });

    it('detach-and-delete keeps a file another contract lists among its photos', async () => {
      const seen = bed.seed('Lease', 'contracts/l/signed.pdf');
      bed.seed('Copy', null, ['contracts/l/signed.pdf']);
      const updated = await lastValueFrom(pdfs.detach(seen, true));
      expect(updated.signedPdf).toBeNull();
      expect(bed.bucket.objects.has('contracts/l/signed.pdf')).toBeTrue();
      expect(keptFilesOf(updated)).toEqual([
        jasmine.objectContaining({ usedBy: jasmine.objectContaining({ name: 'Copy', field: 'photos' }) }),
      ]);
    });

    it('replace keeps the old file when another record uses it, and the new one is attached', async () => {
      const seen = bed.seed('Lease', 'contracts/l/v1.pdf');
      bed.invoices.insert({ number: 'INV-9', scanPath: 'contracts/l/v1.pdf' });
      const updated = done(await lastValueFrom(pdfs.setFile(seen, pdf('v2.pdf'))));
      expect(updated.signedPdf).toMatch(/v2\.pdf$/);
      expect(bed.bucket.objects.has('contracts/l/v1.pdf')).toBeTrue();
      expect(keptFilesOf(updated).map((k) => k.path)).toEqual(['contracts/l/v1.pdf']);
    });

    it('keeps the file when the check itself fails, and says it could not be checked', async () => {
      const seen = bed.seed('Offline', 'contracts/o/signed.pdf');
      bed.references.failNext = unavailable();
      const result = await lastValueFrom(pdfs.delete(seen, true));
      expect(bed.table.rows.has(seen.id)).toBeFalse();
      expect(bed.bucket.objects.has('contracts/o/signed.pdf')).toBeTrue();
      expect(keptSentenceOf(seen, result)).toBe(
        '1 document file of “Offline” was kept: “signed.pdf” could not be checked for other records using it (The backend cannot be reached). The orphan report lists a kept file if no record uses it.',
      );
    });

    it('deletes of records done side by side share one lookup per field', async () => {
      const seen = Array.from({ length: 12 }, (_, i) => bed.seed(`C${i}`, `contracts/${i}/signed.pdf`));
      bed.invoices.insert({ number: 'INV-3', scanPath: 'contracts/3/signed.pdf' });
      const results = await Promise.all(seen.map((c) => lastValueFrom(pdfs.delete(c, true))));
      expect(bed.references.calls.length).toBe(3);
      expect(bed.references.calls[0]!.paths.length).toBe(12);
      expect(results.map((r) => r.kept.length)).toEqual(seen.map((_, i) => (i === 3 ? 1 : 0)));
      expect([...bed.bucket.objects.keys()]).toEqual(['contracts/3/signed.pdf']);
    });
  });
});

function keptSentenceOf(record: Contract, result: unknown): string {
  return keptSentence(SIGNED_PDF, record, keptFilesOf(result));
}
