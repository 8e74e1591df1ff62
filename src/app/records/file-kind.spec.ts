import { acceptedTypes, previewKind, sniffType, typeIcon, withSniffedType } from './file-kind';

const bytes = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

describe('file kinds', () => {
  it('reads common types from their first bytes', () => {
    expect(sniffType(bytes('%PDF-1.7 ...'))).toBe('application/pdf');
    expect(sniffType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(bytes('  <svg xmlns="http://www.w3.org/2000/svg">'))).toBe('image/svg+xml');
    expect(sniffType(bytes('<!DOCTYPE html><html>'))).toBe('text/html');
    expect(sniffType(bytes('name,price\n'))).toBe('');
  });

  it('gives a file without a type the one its content shows', async () => {
    const file = await withSniffedType(new File([bytes('%PDF-1.4 manual')], 'manual'));
    expect(file.type).toBe('application/pdf');
    const claimed = await withSniffedType(new File([bytes('%PDF-1.4')], 'x.png', { type: 'image/png' }));
    expect(claimed.type).toBe('image/png'); // the engine then refuses it for the mismatch
  });

  it('previews raster images and PDFs only: SVG and HTML are never shown inline', () => {
    expect(previewKind('image/webp')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/svg+xml')).toBe('none');
    expect(previewKind('text/html')).toBe('none');
    expect(typeIcon('application/pdf')).toBe('picture_as_pdf');
    expect(typeIcon('application/x-unknown')).toBe('draft');
  });

  it('expands a field’s accepted types (image/*, .pdf) into media types', () => {
    expect(acceptedTypes(['image/*'])).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
    expect(acceptedTypes(['.pdf', 'text/csv'])).toEqual(['application/pdf', 'text/csv']);
    expect(acceptedTypes(undefined)).toContain('application/pdf');
  });
});
