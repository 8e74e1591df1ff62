import { DEFAULT_LIMITS, checkContent, fileType, matchesSignature, validateFile } from './file-validation';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function file(name: string, type: string, bytes: number[] | number = PNG_HEAD): File {
  const content = typeof bytes === 'number' ? new Uint8Array(bytes) : new Uint8Array(bytes);
  return new File([content], name, { type });
}

describe('validateFile', () => {
  it('accepts a PNG under the limit', () => {
    expect(validateFile(file('a.png', 'image/png'), DEFAULT_LIMITS)).toBeNull();
  });

  it('refuses an empty file, saying so', () => {
    const error = validateFile(file('empty.png', 'image/png', 0), DEFAULT_LIMITS);
    expect(error?.kind).toBe('invalid-file');
    expect(error?.message).toBe('“empty.png” is empty (0 bytes). Choose an image file.');
  });

  it('refuses a file over the limit, naming both sizes', () => {
    const error = validateFile(file('big.png', 'image/png', 2048), { ...DEFAULT_LIMITS, maxBytes: 1024 });
    expect(error?.kind).toBe('invalid-file');
    expect(error?.message).toBe('“big.png” is 2 KB; files can be at most 1 KB. Choose a smaller image.');
  });

  it('refuses SVG and says why', () => {
    const error = validateFile(file('logo.svg', 'image/svg+xml'), DEFAULT_LIMITS);
    expect(error?.message).toContain('is an SVG image (SVG files can contain scripts)');
    expect(error?.message).toContain('only PNG, JPEG, GIF, WebP or AVIF images can be attached');
  });

  it('refuses other types and files of no known type', () => {
    expect(validateFile(file('notes.pdf', 'application/pdf'), DEFAULT_LIMITS)?.message).toContain(
      'is a PDF file; only PNG, JPEG, GIF, WebP or AVIF images can be attached',
    );
    expect(validateFile(file('notes.txt', 'text/plain'), DEFAULT_LIMITS)?.message).toContain('is of type text/plain');
    expect(validateFile(file('mystery', ''), DEFAULT_LIMITS)?.message).toContain('is of an unknown type');
  });

  it('follows a field’s own limits: a PDF-only field asks for files, not images', () => {
    const pdfOnly = { maxBytes: 1024, allowedTypes: ['application/pdf'] };
    expect(validateFile(file('lease.pdf', 'application/pdf'), pdfOnly)).toBeNull();
    expect(validateFile(file('scan.png', 'image/png'), pdfOnly)?.message).toBe(
      '“scan.png” is a PNG image; only PDF files can be attached.',
    );
    expect(validateFile(file('big.pdf', 'application/pdf', 2048), pdfOnly)?.message).toBe(
      '“big.pdf” is 2 KB; files can be at most 1 KB. Choose a smaller file.',
    );
  });

  it('takes the type from the extension when the browser gives none', () => {
    expect(fileType({ name: 'Photo.JPG', type: '' })).toBe('image/jpeg');
    expect(validateFile(file('a.webp', ''), DEFAULT_LIMITS)).toBeNull();
  });
});

describe('content check', () => {
  it('knows the signatures of every allowed type', () => {
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(matchesSignature('image/png', new Uint8Array(PNG_HEAD))).toBeTrue();
    expect(matchesSignature('image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeTrue();
    expect(matchesSignature('image/gif', new Uint8Array(ascii('GIF89a')))).toBeTrue();
    expect(matchesSignature('image/webp', new Uint8Array(ascii('RIFF\0\0\0\0WEBP')))).toBeTrue();
    expect(matchesSignature('image/avif', new Uint8Array(ascii('\0\0\0\x1cftypavif')))).toBeTrue();
    expect(matchesSignature('application/pdf', new Uint8Array(ascii('%PDF-1.7')))).toBeTrue();
    expect(matchesSignature('application/pdf', new Uint8Array(PNG_HEAD))).toBeFalse();
    expect(matchesSignature('image/png', new Uint8Array(ascii('GIF89a')))).toBeFalse();
  });

  it('refuses a file whose bytes are not the image its name says', async () => {
    const error = await checkContent(file('cover.png', 'image/png', [0x4d, 0x5a, 0x90, 0x00]));
    expect(error?.kind).toBe('invalid-file');
    expect(error?.message).toBe('“cover.png” is not a PNG image: its content does not match its type.');
    expect(await checkContent(file('cover.png', 'image/png'))).toBeNull();
  });
});
