import { inflatedText, parseLines } from './report-files';

const gzip = async (text: string) =>
  new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
  );

describe('inflatedText', () => {
  it('inflates a gzip page, and reads one the browser already inflated as it is', async () => {
    const text = '{"a":1}\n{"a":2}\n';
    const page = await gzip(text);
    expect([page[0], page[1]]).toEqual([0x1f, 0x8b]);
    expect(await inflatedText(page)).toBe(text);
    expect(await inflatedText(new TextEncoder().encode(text))).toBe(text);
  });

  it('keeps text that is not ASCII intact across the inflation', async () => {
    const text = '{"path":"images/é/naïve – 写真.png"}\n';
    expect(await inflatedText(await gzip(text))).toBe(text);
  });

  it('rejects a page whose gzip is cut short', async () => {
    const page = await gzip('{"a":1}\n'.repeat(1000));
    await expectAsync(inflatedText(page.slice(0, page.length - 12))).toBeRejected();
  });
});

describe('parseLines', () => {
  it('reads one JSON value a line, skipping empty lines (the last newline)', () => {
    expect(parseLines('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseLines('')).toEqual([]);
  });

  it('rejects a line that is not JSON', () => {
    expect(() => parseLines('{"a":1}\n{"a":\n')).toThrowError(SyntaxError);
  });
});
