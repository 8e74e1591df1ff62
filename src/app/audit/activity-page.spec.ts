import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { FakeUserApi } from '../../testing/fake-users';
import { USER_API } from '../users/user-api';
import { ACTIVITY_PAGE_SIZE, ActivityPage } from './activity-page';
import { AUDIT_API } from './audit-api';
import type { AuditEntry } from './audit-event';
import { FakeAuditApi } from './testing/fake-audit-api';

describe('ActivityPage', () => {
  let audit: FakeAuditApi;
  let users: FakeUserApi;
  let fixture: ComponentFixture<ActivityPage>;
  let loader: HarnessLoader;

  /** An event by `who` (a username) at a given time. */
  async function happened(who: string, at: string, entry: AuditEntry): Promise<void> {
    audit.actor = `${who}::${who}`;
    await audit.record(entry, at);
  }

  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUDIT_API, useValue: audit },
        { provide: USER_API, useValue: users },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    fixture = TestBed.createComponent(ActivityPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    return Promise.all((await table.getRows()).map((row) => row.getCellTextByColumnName()));
  }

  const field = (label: string) => loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const select = async (label: string): Promise<MatSelectHarness> =>
    (await (await field(label)).getControl(MatSelectHarness))!;
  const input = async (label: string): Promise<MatInputHarness> =>
    (await (await field(label)).getControl(MatInputHarness))!;
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const settle = async () => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    audit = new FakeAuditApi();
    users = new FakeUserApi();
    users.add('admin@example.com', 'ADMINS');
    users.add('op@example.com', 'OPERATORS');
    await happened('sub-admin@example.com', '2026-11-02T09:00:00.000Z', {
      action: 'delete',
      model: 'Song',
      recordId: 'song-1',
      field: 'coverArtPath',
      paths: ['images/song-1/cover.png'],
      result: 'deleted with its file',
    });
    await happened('sub-op@example.com', '2026-11-03T09:00:00.000Z', {
      action: 'attach',
      model: 'PhotoAlbum',
      recordId: 'album-1',
      paths: ['images/album-1/a.png', 'images/album-1/b.png'],
      result: 'attached',
    });
    await happened('sub-admin@example.com', '2026-11-04T09:00:00.000Z', {
      action: 'user_invite',
      recordId: 'sub-new@example.com',
      after: { email: 'new@example.com', role: 'VIEWERS' },
      result: 'invited',
      jobId: 'job-7',
    });
  });

  it('lists events newest first: when, who (their email), action, record, files, result', async () => {
    await open();
    expect(await rows()).toEqual([
      {
        at: '2026-11-04 09:00:00',
        person: 'admin@example.com',
        action: 'Invite user',
        record: 'sub-new@example.com',
        paths: '',
        result: 'invited (job job-7)',
      },
      {
        at: '2026-11-03 09:00:00',
        person: 'op@example.com',
        action: 'Attach',
        record: 'PhotoAlbum album-1',
        paths: 'images/album-1/a.png, images/album-1/b.png',
        result: 'attached',
      },
      {
        at: '2026-11-02 09:00:00',
        person: 'admin@example.com',
        action: 'Delete',
        record: 'Song song-1',
        paths: 'images/song-1/cover.png',
        result: 'deleted with its file',
      },
    ]);
  });

  it('names someone the user list does not know by their username', async () => {
    await happened('gone-user', '2026-11-05T09:00:00.000Z', { action: 'detach', model: 'Song', recordId: 's' });
    await open();
    expect((await rows())[0]!['person']).toBe('gone-user');
  });

  it('filters by person, action, model and dates', async () => {
    await open();
    await (await select('Person')).clickOptions({ text: 'admin@example.com' });
    await settle();
    expect((await rows()).map((r) => r['action'])).toEqual(['Invite user', 'Delete']);

    await (await select('Action')).clickOptions({ text: 'Delete' });
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['Song song-1']);

    await (await select('Person')).clickOptions({ text: 'Everyone' });
    await (await select('Action')).clickOptions({ text: 'Any action' });
    const model = await input('Model');
    await model.setValue('PhotoAlbum');
    await model.blur();
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['PhotoAlbum album-1']);

    await model.setValue('');
    await model.blur();
    const from = await input('From');
    await from.setValue('2026-11-03');
    await from.blur();
    const to = await input('To');
    await to.setValue('2026-11-03');
    await to.blur();
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual(['PhotoAlbum album-1']);
    expect(audit.listed.at(-1)!.query.from).toBe(new Date('2026-11-03T00:00:00.000').toISOString());
  });

  it('says so when nothing matches', async () => {
    await open();
    await (await select('Action')).clickOptions({ text: 'Restore' });
    await settle();
    expect(fixture.nativeElement.textContent).toContain('No events match.');
  });

  it('pages from the server with Next and Previous', async () => {
    for (let i = 0; i < ACTIVITY_PAGE_SIZE + 2; i++) {
      const at = new Date(Date.parse('2026-11-10T00:00:00.000Z') + i * 60_000).toISOString();
      await happened('sub-op@example.com', at, { action: 'detach', model: 'Song', recordId: `s${i}` });
    }
    await open();
    expect((await rows()).length).toBe(ACTIVITY_PAGE_SIZE);
    expect((await rows())[0]!['record']).toBe(`Song s${ACTIVITY_PAGE_SIZE + 1}`);
    expect(audit.listed.map((l) => l.limit)).toEqual([ACTIVITY_PAGE_SIZE]);
    await (await button(/Next/)).click();
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual([
      'Song s1',
      'Song s0',
      'sub-new@example.com',
      'PhotoAlbum album-1',
      'Song song-1',
    ]);
    expect(await (await button(/Next/)).isDisabled()).toBeTrue();
    await (await button(/Previous/)).click();
    await settle();
    expect((await rows())[0]!['record']).toBe(`Song s${ACTIVITY_PAGE_SIZE + 1}`);
  });

  it('fills a page with further reads when a filter drops most of what one read brings', async () => {
    for (let i = 0; i < 60; i++) {
      const at = new Date(Date.parse('2026-11-10T00:00:00.000Z') + i * 60_000).toISOString();
      await happened('sub-op@example.com', at, {
        action: i % 10 ? 'detach' : 'replace',
        model: 'Song',
        recordId: `s${i}`,
      });
    }
    await open();
    await (await select('Action')).clickOptions({ text: 'Replace' });
    await settle();
    expect((await rows()).map((r) => r['record'])).toEqual([
      'Song s50',
      'Song s40',
      'Song s30',
      'Song s20',
      'Song s10',
      'Song s0',
    ]);
    expect(audit.listed.length).toBeGreaterThan(2);
  });

  it('exports every matching event as CSV, read page by page', async () => {
    for (let i = 0; i < 120; i++) {
      const at = new Date(Date.parse('2026-11-10T00:00:00.000Z') + i * 60_000).toISOString();
      await happened('sub-op@example.com', at, { action: 'detach', model: 'Song', recordId: `s${i}` });
    }
    let blob: Blob | undefined;
    spyOn(URL, 'createObjectURL').and.callFake((b: Blob | MediaSource) => {
      blob = b as Blob;
      return 'blob:activity';
    });
    const click = spyOn(HTMLAnchorElement.prototype, 'click');
    await open();
    await (await select('Person')).clickOptions({ text: 'admin@example.com' });
    await settle();
    await (await button(/Export CSV/)).click();
    await settle();
    expect(click).toHaveBeenCalledTimes(1);
    const lines = (await blob!.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,person,actor,action,model,record,field,paths,before,after,job,result');
    expect(lines.length).toBe(3);
    expect(lines[1]).toContain('admin@example.com,sub-admin@example.com::sub-admin@example.com,Invite user,');
    expect(lines[1]).toContain('"{""email"":""new@example.com"",""role"":""VIEWERS""}"');
    expect(lines[2]).toContain('Delete,Song,song-1,coverArtPath,images/song-1/cover.png');
    // The export went through all 123 events, 100 at a time.
    expect(audit.listed.filter((l) => l.limit === 100).length).toBe(2);
  });

  /** An object event the storage trigger records (amplify/functions/storage-events). */
  async function objectEvent(at: string, eventName: string, path: string): Promise<void> {
    audit.actor = 'storage::AWS:AROA0123456789ABCDEF0:CognitoIdentityCredentials';
    await audit.record(
      {
        action: eventName.startsWith('ObjectCreated') ? 'storage_write' : 'storage_remove',
        paths: [path],
        after: { eventName, principalId: 'AWS:AROA0123456789ABCDEF0:CognitoIdentityCredentials' },
        result: eventName,
      },
      at,
    );
  }

  it('shows object events from storage: outside the console, or by whoever made them in the console', async () => {
    // The cover the admin deleted in the console (09:00:00), and a file removed by a script.
    await objectEvent('2026-11-02T09:00:01.000Z', 'ObjectRemoved:DeleteMarkerCreated', 'images/song-1/cover.png');
    await objectEvent('2026-11-05T10:00:00.000Z', 'ObjectRemoved:Delete', 'images/by-script.png');
    await objectEvent('2026-11-05T10:01:00.000Z', 'ObjectCreated:Put', 'images/song-1/cover.png');
    await open();
    const shown = (await rows()).filter((r) => r['action'].startsWith('File'));
    expect(shown).toEqual([
      {
        at: '2026-11-05 10:01:00',
        person: 'Outside the console',
        action: 'File written',
        record: '',
        paths: 'images/song-1/cover.png',
        result: 'uploaded',
      },
      {
        at: '2026-11-05 10:00:00',
        person: 'Outside the console',
        action: 'File removed',
        record: '',
        paths: 'images/by-script.png',
        result: 'deleted for good',
      },
      {
        at: '2026-11-02 09:00:01',
        person: 'admin@example.com (in the console)',
        action: 'File removed',
        record: '',
        paths: 'images/song-1/cover.png',
        result: 'deleted (restorable)',
      },
    ]);
  });

  it('filters object events by action, and still finds the console change behind one off the page', async () => {
    await objectEvent('2026-11-02T09:01:30.000Z', 'ObjectRemoved:DeleteMarkerCreated', 'images/song-1/cover.png');
    await objectEvent('2026-11-06T08:00:00.000Z', 'ObjectRemoved:DeleteMarkerCreated', 'images/other.png');
    await open();
    await (await select('Action')).clickOptions({ text: 'File removed' });
    await settle();
    await settle();
    expect((await rows()).map((r) => [r['paths'], r['person']])).toEqual([
      ['images/other.png', 'Outside the console'],
      ['images/song-1/cover.png', 'admin@example.com (in the console)'],
    ]);
  });

  it('exports object events with who made them, as the page says it', async () => {
    await objectEvent('2026-11-02T09:00:01.000Z', 'ObjectRemoved:DeleteMarkerCreated', 'images/song-1/cover.png');
    await objectEvent('2026-11-05T10:00:00.000Z', 'ObjectRemoved:Delete', 'images/by-script.png');
    let blob: Blob | undefined;
    spyOn(URL, 'createObjectURL').and.callFake((b: Blob | MediaSource) => {
      blob = b as Blob;
      return 'blob:activity';
    });
    spyOn(HTMLAnchorElement.prototype, 'click');
    await open();
    await (await button(/Export CSV/)).click();
    await settle();
    const lines = (await blob!.text()).trimEnd().split('\r\n');
    expect(lines[1]).toContain(
      'Outside the console,storage::AWS:AROA0123456789ABCDEF0:CognitoIdentityCredentials,File removed',
    );
    expect(lines.find((l) => l.includes('2026-11-02T09:00:01'))).toContain('admin@example.com (in the console),');
  });

  it('says why when the trail cannot be read', async () => {
    spyOn(audit, 'list').and.rejectWith(new Error('Not Authorized to access listAuditEventsByTime on type Query'));
    await open();
    expect(fixture.nativeElement.textContent).toContain(
      'Could not load the activity: Not Authorized to access listAuditEventsByTime on type Query',
    );
  });
});
