import { type KeptFile, keptSentence, keptSentences } from './kept-files';
import type { RecordFileField } from './record-file-field';
import { type Contract, PHOTOS, SIGNED_PDF } from './testing/contracts';

const lease: Contract = {
  id: 'c1',
  title: 'Lease',
  signedPdf: 'contracts/c1/a.pdf',
  photos: ['site-photos/c1/a.png', 'site-photos/c1/b.png'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const usedBy = (path: string, name: string): KeptFile => ({
  path,
  usedBy: { model: 'Invoice', field: 'scanPath', id: 'i1', name, paths: [path] },
});

describe('kept files, as the operator reads them', () => {
  it('says “file”, not “file file”, for a field whose files have no name of their own', () => {
    const plain: RecordFileField<Contract> = { ...SIGNED_PDF, file: 'file' };
    expect(keptSentence(plain, lease, [usedBy('contracts/c1/a.pdf', 'INV-1')])).toBe(
      '1 file of “Lease” was kept: “a.pdf” is also used by invoice “INV-1” (Invoice.scanPath).',
    );
  });

  it('gives each field its own sentence, in the fields’ order, with its words', () => {
    const kept = [usedBy('site-photos/c1/b.png', 'INV-2'), usedBy('contracts/c1/a.pdf', 'INV-1')];
    expect(keptSentences([SIGNED_PDF, PHOTOS], lease, kept)).toBe(
      '1 document file of “Lease” was kept: “a.pdf” is also used by invoice “INV-1” (Invoice.scanPath). ' +
        '1 photo file of “Lease” was kept: “b.png” is also used by invoice “INV-2” (Invoice.scanPath).',
    );
  });

  it('is empty when nothing was kept, and puts a file no field holds with the first', () => {
    expect(keptSentences([SIGNED_PDF, PHOTOS], lease, [])).toBe('');
    expect(keptSentences([SIGNED_PDF, PHOTOS], lease, [usedBy('elsewhere/x.pdf', 'INV-3')])).toContain(
      '1 document file of “Lease” was kept: “x.pdf”',
    );
  });
});
