import { isServerMatches, pagesWhere } from './bulk-selection';

describe('bulk selection', () => {
  it('tells the ticked records from every match on the server', () => {
    expect(isServerMatches([{ id: 'a' }])).toBeFalse();
    expect(isServerMatches([])).toBeFalse();
    expect(isServerMatches({ search: 'blue' })).toBeTrue();
    expect(isServerMatches({ search: '' })).toBeTrue();
  });

  it('keeps what a page holds of the wanted records, skips pages with none, ends with the source', async () => {
    const source = [[1, 2, 3], [5, 7], [], [8, 9, 10]];
    let reads = 0;
    const pages = pagesWhere(
      () => Promise.resolve(reads < source.length ? source[reads++]! : null),
      (n: number) => n % 2 === 0,
    );
    expect(await pages()).toEqual([2]);
    expect(await pages()).toEqual([8, 10]);
    expect(reads).toBe(4);
    expect(await pages()).toBeNull();
  });
});
