import { MAX_NAME_LENGTH, displayName, isSafeRecordId, safeFileName } from './file-key';

const UUID = '0b8f3c1e-1111-4222-8333-944455556666';

describe('safeFileName', () => {
  it('keeps letters of any script, digits, dots, dashes and underscores', () => {
    expect(safeFileName('Ünïcödé_Straße-2.png')).toBe('Ünïcödé_Straße-2.png');
    expect(safeFileName('日本語のカバー.jpg')).toBe('日本語のカバー.jpg');
  });

  it('drops path separators and parent references', () => {
    expect(safeFileName('../../etc/passwd')).toBe('file.etcpasswd');
    expect(safeFileName('../cover.png')).toBe('cover.png');
    expect(safeFileName('a\\b/c.png')).toBe('abc.png');
    expect(safeFileName('..')).toBe('file');
  });

  it('drops control characters, emoji and symbols; whitespace becomes a dash', () => {
    expect(safeFileName('my\u0000cover\u001f 🎵 (final).png')).toBe('mycover-final.png');
    expect(safeFileName('🎵🎶.png')).toBe('file.png');
  });

  it('caps the length at MAX_NAME_LENGTH characters and keeps the extension', () => {
    const safe = safeFileName(`${'n'.repeat(300)}.png`);
    expect([...safe].length).toBe(MAX_NAME_LENGTH);
    expect(safe.endsWith('.png')).toBeTrue();
    expect([...safeFileName('é'.repeat(300))].length).toBe(MAX_NAME_LENGTH);
  });

  it('never starts with a dot or a dash (no hidden files, nothing that reads as an option)', () => {
    expect(safeFileName('.htaccess')).toBe('file.htaccess');
    expect(safeFileName('--rf.png')).toBe('rf.png');
  });
});

describe('isSafeRecordId', () => {
  it('refuses a record id that could leave its folder', () => {
    expect(isSafeRecordId('a/b')).toBeFalse();
    expect(isSafeRecordId('..')).toBeFalse();
    expect(isSafeRecordId('')).toBeFalse();
    expect(isSafeRecordId('0b8f3c1e-1111-4222-8333-944455556666')).toBeTrue();
  });
});

describe('displayName', () => {
  it('is the name after the unique prefix', () => {
    expect(displayName(`images/s/${UUID}-my-cover.png`)).toBe('my-cover.png');
    expect(displayName('images/s/legacy.png')).toBe('legacy.png');
  });
});
