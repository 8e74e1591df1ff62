import { DEFAULT_KEY_TEMPLATE, checkKeyTemplate, keyFromTemplate } from './key-template';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('key templates', () => {
  it('fills in the record id, a new uuid and the safe file name', () => {
    expect(keyFromTemplate(DEFAULT_KEY_TEMPLATE, 'song-1', 'My Cover.png', UUID)).toBe(
      `images/song-1/${UUID}-My-Cover.png`,
    );
    expect(keyFromTemplate('products/{id}/{uuid}-{name}', 'p7', '../../etc/passwd.pdf', UUID)).toBe(
      `products/p7/${UUID}-etcpasswd.pdf`,
    );
  });

  it('gives two uploads of the same name two keys', () => {
    const a = keyFromTemplate(DEFAULT_KEY_TEMPLATE, 'r', 'same.png');
    const b = keyFromTemplate(DEFAULT_KEY_TEMPLATE, 'r', 'same.png');
    expect(a).not.toBe(b);
  });

  it('refuses templates that could reuse a key, name parts it cannot fill, or leave the prefix', () => {
    expect(checkKeyTemplate('docs/{id}/{name}')).toContain('has no {uuid}');
    expect(checkKeyTemplate('media/{entity_id}/{uuid}-{name}')).toContain('names {entity_id}');
    expect(checkKeyTemplate('../{id}/{uuid}')).toContain('not a plain storage path');
    expect(checkKeyTemplate(DEFAULT_KEY_TEMPLATE)).toBeNull();
    expect(() => keyFromTemplate('docs/{id}/{name}', 'r', 'a.pdf')).toThrowError(/no \{uuid\}/);
  });

  it('refuses a record id that cannot be one key segment', () => {
    expect(() => keyFromTemplate(DEFAULT_KEY_TEMPLATE, '../x', 'a.png')).toThrowError(/Not a record id/);
  });
});
