import { firstValueFrom, lastValueFrom } from 'rxjs';
import { keptFilesOf } from './kept-files';
import type { AddFilesStep } from './record-files-add';
import { RecordFilesWorkflow } from './record-files-workflow';
import { rejection, unavailable } from './testing/attachment-errors';
import { type Contract, ContractsBed, PHOTOS } from './testing/contracts';
import { png } from './testing/fake-bucket';
import type { Transfer } from './transfer';

const A = 'site-photos/c1/a.png';
const B = 'site-photos/c1/b.png';
const C = 'site-photos/c1/c.png';

describe('RecordFilesWorkflow (a list of paths, a model no console code names)', () => {
  let bed: ContractsBed;
  let photos: RecordFilesWorkflow<Contract>;
  beforeEach(() => {
    bed = new ContractsBed();
    photos = new RecordFilesWorkflow(bed.table, bed.engine, PHOTOS);
  });

  const added = async (record: Contract, names: string[]) => {
    const last = (await lastValueFrom(
      photos.add(
        record,
        names.map((n) => png(n)),
      ),
    )) as AddFilesStep<Contract>;
    if (last.type !== 'done') throw new Error('not done');
    return last.value;
  };
  const replaced = async (record: Contract, path: string, name: string) =>
    ((await lastValueFrom(photos.replace(record, path, png(name)))) as Extract<Transfer<Contract>, { type: 'done' }>)
      .value;

  describe('add', () => {
    it('uploads under the field’s key template and appends with one conditional update', async () => {
      const seen = bed.seed('Site', null, [A]);
      const result = await added(seen, ['x.png', 'y.png']);
      expect(result.added.every((p) => p.startsWith(`site-photos/${seen.id}/`))).toBeTrue();
      expect(result.record.photos).toEqual([A, ...result.added]);
      const update = bed.table.calls.filter((c) => c.op === 'update');
      expect(update.length).toBe(1);
      expect(update[0]!.expect).toBe(seen.updatedAt);
    });

    it('re-applies itself after someone else’s change, so both operators’ files stay', async () => {
      const seen = bed.seed('Both', null, [A]);
      bed.table.replace(seen.id, { photos: [A, B] });
      const result = await added(seen, ['mine.png']);
      expect(result.record.photos).toEqual([A, B, ...result.added]);
    });

    it('refuses more files than the field may hold, uploading nothing', async () => {
      const seen = bed.seed('Full', null, [A, B]);
      const err = await rejection(lastValueFrom(photos.add(seen, [png('1.png'), png('2.png')])));
      expect(err.message).toBe(
        'A contract can hold at most 3 photos; this one has 2, so there is room for 1 more. Nothing was added.',
      );
      expect(bed.bucket.objects.size).toBe(2);
    });

    it('removes its uploads and says so when the record was deleted meanwhile', async () => {
      const seen = bed.seed('Deleted');
      bed.table.before.update = () => bed.table.rows.delete(seen.id);
      const err = await rejection(lastValueFrom(photos.add(seen, [png('x.png')])));
      expect(err.message).toBe('“Deleted” no longer exists: someone deleted it. Your 1 photo was discarded.');
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('reads back an add whose answer was lost', async () => {
      const seen = bed.seed('Lost');
      bed.table.fail('update', unavailable(), true);
      const result = await added(seen, ['x.png']);
      expect(result.record.photos).toEqual(result.added);
      expect(bed.table.calls.filter((c) => c.op === 'update').length).toBe(1);
    });
  });

  describe('remove', () => {
    it('stops pointing at the file (conditional), then deletes it', async () => {
      const seen = bed.seed('Remove', null, [A, B, C]);
      const updated = await firstValueFrom(photos.remove(seen, B));
      expect(updated.photos).toEqual([A, C]);
      expect(bed.table.calls.at(-1)!.expect).toBe(seen.updatedAt);
      expect(bed.bucket.objects.has(B)).toBeFalse();
    });

    it('surfaces a conflict, with advice for live screens, and deletes nothing', async () => {
      const seen = bed.seed('Trip', null, [A, B]);
      bed.table.replace(seen.id, { photos: [B, A] });
      const err = await rejection(firstValueFrom(photos.remove(seen, A)));
      expect(err.message).toBe(
        '“Trip” was changed by someone else just before your change reached it, and their change was kept. The page now shows their change: try again if you still want to.',
      );
      expect(bed.bucket.objects.size).toBe(2);
    });

    it('refuses a path the record does not hold, writing nothing', async () => {
      const err = await rejection(firstValueFrom(photos.remove(bed.seed('Other', null, [A]), B)));
      expect(err.kind).toBe('invalid-input');
      expect(err.message).toContain('no longer holds that photo');
      expect(bed.table.writes()).toBe(0);
    });
  });

  describe('replace', () => {
    it('swaps the new file in at the old one’s place, then deletes the old file', async () => {
      const seen = bed.seed('Swap', null, [A, B, C]);
      const updated = await replaced(seen, B, 'b.png');
      expect(updated.photos[0]).toBe(A);
      expect(updated.photos[1]).toMatch(new RegExp(`^site-photos/${seen.id}/[0-9a-f-]{36}-b\\.png$`));
      expect(updated.photos[2]).toBe(C);
      expect(bed.bucket.objects.has(B)).toBeFalse();
      expect(bed.bucket.objects.has(updated.photos[1]!)).toBeTrue();
    });

    it('on a conflict discards its own upload and keeps every file the record holds', async () => {
      const seen = bed.seed('Race', null, [A, B]);
      bed.table.replace(seen.id, { photos: [B, A] });
      const err = await rejection(lastValueFrom(photos.replace(seen, A, png('new.png'))));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('Your new file was discarded.');
      expect([...bed.bucket.objects.keys()].sort()).toEqual([A, B]);
      expect(bed.dangling()).toEqual([]);
    });

    it('reads back a swap whose answer was lost and still deletes the old file', async () => {
      const seen = bed.seed('Lost', null, [A]);
      bed.table.fail('update', unavailable(), true);
      const updated = await replaced(seen, A, 'n.png');
      expect(updated.photos.length).toBe(1);
      expect([...bed.bucket.objects.keys()]).toEqual([updated.photos[0]!]);
    });
  });

  describe('reorder', () => {
    it('writes the new order conditionally', async () => {
      const seen = bed.seed('Order', null, [A, B, C]);
      const updated = await firstValueFrom(photos.reorder(seen, [C, A, B]));
      expect(updated.photos).toEqual([C, A, B]);
      expect(bed.table.calls.at(-1)!.expect).toBe(seen.updatedAt);
    });

    it('surfaces a conflict and changes nothing', async () => {
      const seen = bed.seed('Moved', null, [A, B]);
      const theirs = bed.table.replace(seen.id, { photos: [A] });
      const err = await rejection(firstValueFrom(photos.reorder(seen, [B, A])));
      expect(err.kind).toBe('conflict');
      expect(bed.table.rows.get(seen.id)).toEqual(theirs);
    });

    it('refuses an order that is not the record’s files, writing nothing', async () => {
      const err = await rejection(firstValueFrom(photos.reorder(bed.seed('Odd', null, [A, B]), [A, C])));
      expect(err.kind).toBe('invalid-input');
      expect(bed.table.writes()).toBe(0);
    });
  });

  describe('delete', () => {
    it('deletes the record, then its files; says how many could not be deleted', async () => {
      const seen = bed.seed('Many', null, [A, B, C]);
      bed.bucket.failRemove = (p) => (p === B ? unavailable() : undefined);
      const err = await rejection(lastValueFrom(photos.delete(seen, true)));
      expect(err.message).toBe(
        '“Many” was deleted, but 1 of its 3 files could not be deleted: The backend cannot be reached. The orphan report lists the file.',
      );
      expect(bed.table.rows.has(seen.id)).toBeFalse();
      expect([...bed.bucket.objects.keys()]).toEqual([B]);
    });

    it('on a conflict says nothing was deleted', async () => {
      const seen = bed.seed('Kept', null, [A]);
      bed.table.replace(seen.id, { title: 'Kept too' });
      const err = await rejection(lastValueFrom(photos.delete(seen, true)));
      expect(err.message).toContain(
        'Nothing was deleted. Look at the contract as it is now and delete again if you still want to.',
      );
      expect(bed.bucket.objects.size).toBe(1);
    });
  });

  describe('a file another record uses', () => {
    it('remove keeps a photo another contract also lists, and says so; an unshared one goes', async () => {
      const seen = bed.seed('Site', null, [A, B]);
      bed.seed('Other site', null, [A]);
      const updated = await lastValueFrom(photos.remove(seen, A));
      expect(updated.photos).toEqual([B]);
      expect(bed.bucket.objects.has(A)).toBeTrue();
      expect(keptFilesOf(updated)).toEqual([
        jasmine.objectContaining({ path: A, usedBy: jasmine.objectContaining({ name: 'Other site' }) }),
      ]);
      const after = await lastValueFrom(photos.remove(updated, B));
      expect(bed.bucket.objects.has(B)).toBeFalse();
      expect(keptFilesOf(after)).toEqual([]);
    });

    it('replace keeps the old photo when the same contract still holds it in another field', async () => {
      const seen = bed.seed('Site', A, [A]);
      const updated = await replaced(seen, A, 'new.png');
      expect(updated.photos.length).toBe(1);
      expect(updated.photos[0]).not.toBe(A);
      expect(bed.bucket.objects.has(A)).toBeTrue();
      expect(keptFilesOf(updated)).toEqual([
        jasmine.objectContaining({ usedBy: jasmine.objectContaining({ id: seen.id, field: 'signedPdf' }) }),
      ]);
    });

    it('delete with its files keeps the shared ones only', async () => {
      const seen = bed.seed('Site', null, [A, B, C]);
      bed.invoices.insert({ number: 'INV-1', scanPath: B });
      const result = await lastValueFrom(photos.delete(seen, true));
      expect([...bed.bucket.objects.keys()]).toEqual([B]);
      expect(result.kept.map((k) => k.path)).toEqual([B]);
    });
  });
});
