import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeUserApi } from '../../testing/fake-users';
import { through, until } from '../../testing/waits';
import { USER_API } from '../users/user-api';
import { AUDIT_API } from '../audit/audit-api';
import type { AuditEntry } from '../audit/audit-event';
import { FakeAuditApi } from '../audit/testing/fake-audit-api';
import { THIS_REPO_OUTPUTS } from '../discovery/testing/this-repo-outputs';
import { JobRunner } from '../jobs/job-runner';
import { type RecordsTestBed, setUpRecords } from '../records/testing/records-testbed';
import { VERSIONS_ACCESS } from './bucket-versions';
import { RecentlyDeletedPage } from './recently-deleted-page';
import { FakeVersionedBucket } from './testing/fake-versioned-bucket';

const SONG_COVER = 'images/s1/11111111-1111-4111-8111-111111111111-cover.png';
const ALBUM_IMAGE = 'images/a1/22222222-2222-4222-8222-222222222222-beach.png';
const OUTSIDE = 'images/s2/33333333-3333-4333-8333-333333333333-art.png';

describe('RecentlyDeletedPage', () => {
  let bed: RecordsTestBed;
  let bucket: FakeVersionedBucket;
  let audit: FakeAuditApi;
  let users: FakeUserApi;
  let fixture: ComponentFixture<RecentlyDeletedPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  /** The console deleted `path` just now (`admin`, in a job when given): an event as the workflows write it. */
  async function consoleDeleted(path: string, entry: Omit<AuditEntry, 'action' | 'paths'>, jobId?: string) {
    bucket.delete(path);
    audit.actor = 'sub-admin::admin';
    await audit.record(
      { action: 'delete', paths: [path], ...entry, ...(jobId ? { jobId } : {}) },
      new Date(bucket.clock).toISOString(),
    );
  }

  async function setUp(): Promise<void> {
    bucket = new FakeVersionedBucket();
    bucket.clock = Date.now() - 3_600_000;
    audit = new FakeAuditApi();
    users = new FakeUserApi();
    users.add('admin@example.com', 'ADMINS', { username: 'admin' });
    bed = await setUpRecords(THIS_REPO_OUTPUTS, ['ADMINS'], [], {}, undefined, [
      { provide: VERSIONS_ACCESS, useValue: bucket },
      { provide: AUDIT_API, useValue: audit },
      { provide: USER_API, useValue: users },
    ]);
  }

  async function open(): Promise<void> {
    fixture = TestBed.createComponent(RecentlyDeletedPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
    // The listing is signed and read page by page: on a loaded machine it outlasts one settle.
    const reading = () => !!(fixture.nativeElement as HTMLElement).querySelector('.reading');
    for (let i = 0; i < 40 && reading(); i++) await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
    }
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    return Promise.all((await table.getRows()).map((r) => r.getCellTextByColumnName()));
  }

  const field = (label: string) => loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));

  /** Confirms the restore dialog and lets the job run. */
  async function confirm(): Promise<string> {
    const dialog = await root.getHarness(MatDialogHarness);
    const said = await dialog.getText();
    await (await root.getHarness(MatButtonHarness.with({ text: 'Restore', ancestor: 'mat-dialog-container' }))).click();
    await through(TestBed.inject(JobRunner).jobs().at(-1)!);
    await settle();
    return said;
  }

  const results = () => TestBed.inject(JobRunner).jobs().at(-1)!.results();

  beforeEach(setUp);
  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('lists only deleted files, newest first, with who deleted them and their record', async () => {
    bucket.put('images/s9/kept.png');
    bucket.put(OUTSIDE);
    bucket.delete(OUTSIDE);
    bucket.put(SONG_COVER);
    await consoleDeleted(SONG_COVER, { model: 'Song', recordId: 's1', field: 'coverArtPath' });
    bucket.delete('images/x/never-a-file.png');
    await open();
    const shown = await rows();
    expect(shown.map((r) => [r['path'], r['actor'], r['record']])).toEqual([
      [jasmine.stringContaining(SONG_COVER), 'admin@example.com (delete)', 'Song s1'],
      [jasmine.stringContaining(OUTSIDE), 'outside the console', 'Song or PhotoAlbum s2'],
    ] as unknown as string[][]);
    expect(shown[0]!['path']).toContain('10 B');
  });

  it('sorts by when, and filters by text and model', async () => {
    bucket.put(OUTSIDE);
    bucket.delete(OUTSIDE);
    bucket.put(SONG_COVER);
    await consoleDeleted(SONG_COVER, { model: 'Song', recordId: 's1', field: 'coverArtPath' });
    bucket.put(ALBUM_IMAGE);
    await consoleDeleted(ALBUM_IMAGE, { model: 'PhotoAlbum', recordId: 'a1', field: 'imagePaths' });
    await open();
    const table = await loader.getHarness(MatTableHarness);
    const header = (await table.getHeaderRows())[0]!;
    const deletedHeader = (await header.getCells({ columnName: 'deletedAt' }))[0]!;
    await (await deletedHeader.host()).click();
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['Song or PhotoAlbum s2', 'Song s1', 'PhotoAlbum a1']);
    const text = (await (await field('Path, person or record')).getControl(MatInputHarness))!;
    await text.setValue('outside');
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['Song or PhotoAlbum s2']);
    await text.setValue('');
    const model = (await (await field('Model')).getControl(MatSelectHarness))!;
    await model.open();
    await model.clickOptions({ text: 'PhotoAlbum' });
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['Song or PhotoAlbum s2', 'PhotoAlbum a1']);
  });

  it('restores one file and attaches it to its record again with a conditional update, recording the restore', async () => {
    bed.table('Song').insert({ id: 's1', name: 'Blue', coverArtPath: null });
    bucket.put(SONG_COVER);
    await consoleDeleted(SONG_COVER, { model: 'Song', recordId: 's1', field: 'coverArtPath' });
    await open();
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="Restore ${SONG_COVER}"]` }))
    ).click();
    expect(await confirm()).toContain('Restore this file?');
    expect(bucket.history(SONG_COVER).length).toBe(1);
    expect(bed.table('Song').rows.get('s1')!['coverArtPath']).toBe(SONG_COVER);
    expect(results()[0]).toEqual(
      jasmine.objectContaining({ status: 'ok', reason: jasmine.stringContaining('attached') }),
    );
    expect(await rows()).toEqual([]);
    await settle();
    const restore = audit.events.find((e) => e.action === 'restore')!;
    expect(restore).toEqual(jasmine.objectContaining({ model: 'Song', recordId: 's1', paths: [SONG_COVER] }));
  });

  it('recreates a deleted record with its id and fields from the audit trail, its other files first', async () => {
    const second = 'images/a1/44444444-4444-4444-8444-444444444444-hill.png';
    bucket.put(ALBUM_IMAGE);
    bucket.put(second);
    const image = { id: 'a1', name: 'Summer', imagePaths: [ALBUM_IMAGE, second], createdAt: 'x', updatedAt: 'y' };
    await consoleDeleted(ALBUM_IMAGE, {
      model: 'PhotoAlbum',
      recordId: 'a1',
      field: 'imagePaths',
      before: { imagePaths: image.imagePaths, record: image },
    });
    bucket.delete(second);
    await open();
    const listed = await rows();
    expect(listed.find((r) => r['path']!.includes(ALBUM_IMAGE))!['record']).toBe('PhotoAlbum “Summer” (a1)');
    expect(listed.find((r) => r['path']!.includes(second))!['record']).toBe('Song or PhotoAlbum a1');
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="Restore ${ALBUM_IMAGE}"]` }))
    ).click();
    await confirm();
    const album = bed.table('PhotoAlbum').rows.get('a1')!;
    expect(album['name']).toBe('Summer');
    expect(album['imagePaths']).toEqual([ALBUM_IMAGE, second]);
    expect(bucket.history(ALBUM_IMAGE).every((v) => !v.startsWith('x:'))).toBeTrue();
    expect(bucket.history(second).every((v) => !v.startsWith('x:'))).toBeTrue();
    expect(results()[0]!.reason).toContain('recreated');
  });

  it('reports a newer file put there since as a conflict, and overwrites nothing', async () => {
    bed.table('Song').insert({ id: 's2', name: 'Red', coverArtPath: null });
    bucket.put(OUTSIDE);
    bucket.delete(OUTSIDE);
    await open();
    const newer = bucket.put(OUTSIDE);
    await (await loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="Restore ${OUTSIDE}"]` }))).click();
    await confirm();
    expect(results()[0]).toEqual(
      jasmine.objectContaining({ status: 'skipped', reason: jasmine.stringContaining('A newer file') }),
    );
    expect(bucket.history(OUTSIDE)[0]).toBe(newer);
    expect(bed.table('Song').rows.get('s2')!['coverArtPath']).toBeNull();
  });

  it('restores a selection, and everything one job deleted', async () => {
    const paths = [0, 1, 2].map((i) => `images/s${i}/5555555${i}-5555-4555-8555-555555555555-f.png`);
    for (const p of paths) bucket.put(p);
    await consoleDeleted(paths[0]!, { model: 'Song', recordId: 's0' }, 'job-7');
    await consoleDeleted(paths[1]!, { model: 'Song', recordId: 's1' }, 'job-7');
    await consoleDeleted(paths[2]!, { model: 'Song', recordId: 's2' }, 'job-8');
    await open();
    const job = (await (await field('Job')).getControl(MatSelectHarness))!;
    await job.open();
    await job.clickOptions({ text: 'Job job-7' });
    await settle();
    expect((await rows()).length).toBe(2);
    await (await button(/Restore everything job job-7 deleted/)).click();
    expect(await confirm()).toContain('2 files');
    expect(paths.map((p) => bucket.history(p)[0]!.startsWith('x:'))).toEqual([false, false, true]);

    await job.open();
    await job.clickOptions({ text: 'Any job or none' });
    await settle();
    const boxes = await loader.getAllHarnesses(MatCheckboxHarness);
    const labels = await Promise.all(boxes.map((b) => b.getAriaLabel()));
    await boxes[labels.indexOf(`Select ${paths[2]}`)]!.check();
    await (await button(/Restore selected \(1\)/)).click();
    await confirm();
    expect(bucket.history(paths[2]!)[0]!.startsWith('x:')).toBeFalse();
  });

  it('says why when the bucket refuses the listing', async () => {
    bucket.refuse = true;
    await open();
    const alert = () => (fixture.nativeElement as HTMLElement).querySelector('[role=alert]');
    await until(() => {
      fixture.detectChanges();
      return alert() !== null;
    });
    expect(alert()!.textContent).toContain('Only ADMINS');
    expect(await rows()).toEqual([]);
  });
});
