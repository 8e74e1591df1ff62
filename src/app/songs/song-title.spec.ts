import { AttachmentError } from '../attachments/attachment-error';
import { MAX_TITLE_LENGTH, checkTitle } from './song-title';

describe('checkTitle', () => {
  const message = (raw: string) => (checkTitle(raw) as AttachmentError).message;

  it('trims a good title', () => {
    expect(checkTitle('  Blue in Green ')).toBe('Blue in Green');
  });

  it('refuses an empty or blank title', () => {
    expect(checkTitle('')).toEqual(jasmine.any(AttachmentError));
    expect((checkTitle('   ') as AttachmentError).kind).toBe('invalid-input');
    expect(message('   ')).toBe('Give the song a title.');
  });

  it('refuses a 10,000-character title, saying how long it may be', () => {
    expect(message('x'.repeat(10_000))).toBe('A title can be at most 200 characters; this one has 10,000.');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkTitle('🎵'.repeat(MAX_TITLE_LENGTH))).toBe('🎵'.repeat(MAX_TITLE_LENGTH));
  });

  it('refuses line breaks and control characters', () => {
    expect(message('one\ntwo')).toContain('line breaks');
  });
});
