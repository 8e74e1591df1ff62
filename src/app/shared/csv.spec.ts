import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['plain', 'with,comma'],
          ['say "hi"', '=HYPERLINK("x")'],
          [null, new Date(0)],
        ],
      ),
    ).toBe('a,b\r\nplain,"with,comma"\r\n"say ""hi""","\'=HYPERLINK(""x"")"\r\n,1970-01-01T00:00:00.000Z\r\n');
  });
});
