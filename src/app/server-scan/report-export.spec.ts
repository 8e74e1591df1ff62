import type { OrphanFile } from '../orphans/orphan-report';
import { reportCsv } from './report-export';

const orphan = (i: number): OrphanFile => ({
  path: `images/o${i}/stray.png`,
  size: i,
  lastModified: new Date('2026-12-04T00:00:00.000Z'),
  prefix: 'images/',
  owner: { id: `o${i}`, exists: true },
  young: false,
});

/** Pages of `size` orphans, counting how many the export has pulled. */
function pages(count: number, size: number) {
  const pulled = { pages: 0 };
  async function* generate() {
    for (let p = 0; p < count; p++) {
      pulled.pages++;
      yield Array.from({ length: size }, (_, i) => orphan(p * size + i));
    }
  }
  return { pulled, pages: generate() };
}

describe('reportCsv', () => {
  it('writes the header and every page in order, and says after each page how many rows are written', async () => {
    const { pages: source } = pages(3, 4);
    const seen: number[] = [];
    const blob = await reportCsv('orphans', source, { progress: (n) => seen.push(n) });
    const lines = (await blob.text()).trim().split('\r\n');
    expect(lines).toHaveSize(13);
    expect(lines[0]).toMatch(/^Path,Size \(bytes\),/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
      Array.from({ length: 12 }, (_, i) => `images/o${i}/stray.png`),
    );
    expect(seen).toEqual([4, 8, 12]);
    expect(blob.type).toBe('text/csv;charset=utf-8');
  });

  it('writes a dangling reference per line, with a header and nothing else for an empty report', async () => {
    async function* one() {
      yield [
        { model: 'Song', id: 's1', field: 'coverArtPath', path: 'images/s1/a,b.png', updatedAt: 'u', fieldPaths: [] },
      ];
      yield [];
    }
    expect(await (await reportCsv('dangling', one())).text()).toBe(
      'Model,Record id,Field,Missing path,Record updated at\r\nSong,s1,coverArtPath,"images/s1/a,b.png",u\r\n',
    );
    async function* none() {
      yield* [];
    }
    expect(await (await reportCsv('dangling', none())).text()).toBe(
      'Model,Record id,Field,Missing path,Record updated at\r\n',
    );
  });

  it('stops reading pages once cancelled, and rejects with an AbortError', async () => {
    const { pages: source, pulled } = pages(10, 2);
    const abort = new AbortController();
    const result = reportCsv('orphans', source, { signal: abort.signal, progress: (n) => n === 4 && abort.abort() });
    await expectAsync(result).toBeRejectedWith(jasmine.objectContaining({ name: 'AbortError' }));
    expect(pulled.pages).toBe(3);
  });
});
