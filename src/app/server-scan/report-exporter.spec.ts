import { TestBed } from '@angular/core/testing';
import { REPORT_FILES } from './report-files';
import { ReportExporter } from './report-exporter';
import { ServerReport } from './server-report';
import { FakeReportFiles, run, summaryOf } from './testing/fake-server-scan';

const orphan = (i: number) => ({
  path: `images/o${i}/stray.png`,
  size: i,
  lastModified: '2026-12-04T00:00:00.000Z',
  prefix: 'images/',
  ownerId: `o${i}`,
  young: false,
});
const PAGES = ['p1', 'p2', 'p3'];

describe('ReportExporter', () => {
  let files: FakeReportFiles;
  let downloads: { name: string; blob: Blob }[];

  beforeEach(async () => {
    const summary = summaryOf(
      { orphans: PAGES, dangling: [], shared: [] },
      { totals: { ...run().totals!, orphaned: 6 } },
    );
    files = new FakeReportFiles().put('reports/r1/summary.json', summary);
    PAGES.forEach((key, p) => files.put(key, [orphan(2 * p), orphan(2 * p + 1)]));
    TestBed.configureTestingModule({ providers: [{ provide: REPORT_FILES, useValue: files }] });
    await TestBed.inject(ServerReport).open(run());
    downloads = [];
    spyOn(URL, 'createObjectURL').and.callFake((blob: Blob | MediaSource) => {
      downloads.push({ name: '', blob: blob as Blob });
      return 'blob:fake';
    });
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      downloads.at(-1)!.name = this.download;
    });
  });

  it('offers every page of the report as one CSV file, and says how far it got while it reads', async () => {
    const exporter = TestBed.inject(ReportExporter);
    const release = files.hold('p2');
    const done = exporter.export('orphans');
    await new Promise((r) => setTimeout(r, 10));
    expect(exporter.progress()).toEqual({ kind: 'orphans', written: 2, total: 6 });
    release();
    expect(await done).toBe('done');
    expect(exporter.progress()).toBeNull();
    expect(downloads.map((d) => d.name)).toEqual(['orphan-files-2026-12-05.csv']);
    const lines = (await downloads[0]!.blob.text()).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([0, 1, 2, 3, 4, 5].map((i) => `images/o${i}/stray.png`));
  });

  it('stops at the next page when cancelled: no file is offered and the rest is not read', async () => {
    const exporter = TestBed.inject(ReportExporter);
    const release = files.hold('p2');
    const done = exporter.export('orphans');
    await new Promise((r) => setTimeout(r, 10));
    exporter.cancel();
    release();
    expect(await done).toBe('cancelled');
    expect(exporter.progress()).toBeNull();
    expect(downloads).toEqual([]);
    expect(files.reads).not.toContain('p3');
  });

  it('rejects with the reason a page could not be read, and offers nothing', async () => {
    const exporter = TestBed.inject(ReportExporter);
    files.remove('p2');
    await expectAsync(exporter.export('orphans')).toBeRejectedWithError('NoSuchKey: p2');
    expect(downloads).toEqual([]);
    expect(exporter.progress()).toBeNull();
  });
});
