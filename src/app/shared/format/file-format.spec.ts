import { fileNameOf, formatBytes } from './file-format';

describe('formatBytes', () => {
  it('writes bytes below 1 KB in B', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('writes one decimal below 10 and drops a trailing .0', () => {
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(4 * 1024)).toBe('4 KB');
    expect(formatBytes(9.96 * 1024)).toBe('10 KB');
    expect(formatBytes(153_600)).toBe('150 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(2.25 * 1024 ** 3)).toBe('2.3 GB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TB');
  });

  it('moves to the next unit rather than write 1024 of one', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(1024 * 1024 - 600)).toBe('1023 KB');
  });

  it('writes what is not a size as 0 B', () => {
    expect(formatBytes(Number.NaN)).toBe('0 B');
    expect(formatBytes(-5)).toBe('0 B');
  });
});

describe('fileNameOf', () => {
  const UUID = '0b6f1c1e-5a4e-4d3b-9c55-6c1f7e2d0001';

  it('drops the folder and the per-upload id', () => {
    expect(fileNameOf(`images/abc/${UUID}-cover.png`)).toBe('cover.png');
    expect(fileNameOf(`images/abc/${UUID.toUpperCase()}-Cover.PNG`)).toBe('Cover.PNG');
  });

  it('keeps a name without an upload id as it is', () => {
    expect(fileNameOf('images/abc/legacy.png')).toBe('legacy.png');
    expect(fileNameOf('top-level.png')).toBe('top-level.png');
    expect(fileNameOf(`images/abc/${UUID}-`)).toBe(`${UUID}-`);
  });

  it('names no path as nothing', () => {
    expect(fileNameOf(null)).toBe('');
    expect(fileNameOf('')).toBe('');
  });
});
