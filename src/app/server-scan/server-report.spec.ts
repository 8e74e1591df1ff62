import { TestBed } from '@angular/core/testing';
import { REPORT_FILES } from './report-files';
import { reportCsv } from './report-export';
import { ServerReport } from './server-report';
import { FakeReportFiles, run, summaryOf } from './testing/fake-server-scan';

const orphan = (i: number) => ({
  path: `images/o${i}/stray.png`,
  size: 100 + i,
  lastModified: '2026-12-04T00:00:00.000Z',
  prefix: 'images/',
  ownerId: `o${i}`,
  young: i === 0,
});
const dangling = (i: number) => ({
  model: 'Song',
  id: `s${i}`,
  field: 'coverArtPath',
  path: `images/s${i}/gone.png`,
  updatedAt: '2026-12-01T00:00:00.000Z',
});

describe('ServerReport', () => {
  let files: FakeReportFiles;
  const summary = summaryOf({
    orphans: ['reports/r1/orphans-0001.ndjson.gz', 'reports/r1/orphans-0002.ndjson.gz'],
    dangling: ['reports/r1/dangling-0001.ndjson.gz'],
    shared: [],
  });

  beforeEach(() => {
    files = new FakeReportFiles()
      .put('reports/r1/summary.json', summary)
      .put('reports/r1/orphans-0001.ndjson.gz', [0, 1, 2].map(orphan))
      .put('reports/r1/orphans-0002.ndjson.gz', [3, 4].map(orphan))
      .put('reports/r1/dangling-0001.ndjson.gz', [0, 1].map(dangling));
    TestBed.configureTestingModule({ providers: [{ provide: REPORT_FILES, useValue: files }] });
  });

  it('opens a run with its summary and the first page of each kind only, then loads the next page on demand', async () => {
    const report = TestBed.inject(ServerReport);
    const loaded = await report.open(run());
    expect(files.reads).toEqual([
      'reports/r1/summary.json',
      'reports/r1/orphans-0001.ndjson.gz',
      'reports/r1/dangling-0001.ndjson.gz',
    ]);
    expect(loaded!.report.orphans.map((o) => o.path)).toEqual([
      'images/o0/stray.png',
      'images/o1/stray.png',
      'images/o2/stray.png',
    ]);
    expect(loaded!.report.orphans[0]).toEqual(
      jasmine.objectContaining({
        young: true,
        owner: { id: 'o0', exists: true },
        lastModified: new Date('2026-12-04T00:00:00.000Z'),
      }),
    );
    expect(loaded!.report.dangling[0]).toEqual({ ...dangling(0), fieldPaths: [] });
    expect(report.counts()!.orphans).toEqual({ total: 1000, loaded: 3, more: true });

    await report.more('orphans');
    expect(report.loaded()!.report.orphans).toHaveSize(5);
    expect(report.counts()!.orphans).toEqual({ total: 1000, loaded: 5, more: false });
  });

  it('exports every page of a kind as one CSV, a page at a time', async () => {
    const report = TestBed.inject(ServerReport);
    await report.open(run());
    const csv = await (await reportCsv('orphans', report.all('orphans'))).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Path,Size (bytes),Last modified,Prefix,Record id named by the key,Younger than the grace period',
    );
    expect(lines.slice(1)).toEqual(
      [0, 1, 2, 3, 4].map(
        (i) => `images/o${i}/stray.png,${100 + i},2026-12-04T00:00:00.000Z,images/,o${i},${i === 0 ? 'yes' : 'no'}`,
      ),
    );
  });

  it('says why a report cannot be opened', async () => {
    const report = TestBed.inject(ServerReport);
    expect(
      await report.open(run({ report: { prefix: 'reports/x/', summaryKey: 'reports/x/summary.json' } })),
    ).toBeNull();
    expect(report.error()).toBe('NoSuchKey: reports/x/summary.json');
  });
});
