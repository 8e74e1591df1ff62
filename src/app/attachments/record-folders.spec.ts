import { recordFolders } from './record-folders';

describe('recordFolders', () => {
  it('gives each path’s start up to the record’s id segment, once per folder', () => {
    expect(
      recordFolders('p1', ['products/p1/a.png', 'products/p1/b.png', 'manuals/p1/m.pdf', 'other/p2/c.png', 'p1']),
    ).toEqual(['products/p1/', 'manuals/p1/']);
  });

  it('finds the id below an owner’s folder', () => {
    expect(recordFolders('e1', ['avatars/us-east-1:me/e1/y.png'])).toEqual(['avatars/us-east-1:me/e1/']);
  });

  it('never takes the file name for the folder', () => {
    expect(recordFolders('a.png', ['products/a.png'])).toEqual([]);
  });

  it('gives none for an id that cannot be a key segment', () => {
    expect(recordFolders('../x', ['../x/a.png'])).toEqual([]);
    expect(recordFolders('', ['products//a.png'])).toEqual([]);
  });

  it('keeps unicode ids as they are', () => {
    expect(recordFolders('Ünï名', ['products/Ünï名/a.png'])).toEqual(['products/Ünï名/']);
  });

  it('gives none for no paths', () => {
    expect(recordFolders('p1', [])).toEqual([]);
  });
});
