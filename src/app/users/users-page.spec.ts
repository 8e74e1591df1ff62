import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { FakeAuthClient } from '../../testing/fake-auth-client';
import { FakeReachability } from '../../testing/fake-reachability';
import { FakeUserApi } from '../../testing/fake-users';
import { overlayText } from '../../testing/dialog-testing';
import { AUDIT_API } from '../audit/audit-api';
import { AUDIT_RETRY } from '../audit/audit-log';
import { FakeAuditApi } from '../audit/testing/fake-audit-api';
import { USER_API } from './user-api';
import { USERS_PAGE_SIZE, UsersPage } from './users-page';

describe('UsersPage', () => {
  let api: FakeUserApi;
  let audit: FakeAuditApi;
  let fixture: ComponentFixture<UsersPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  async function open(): Promise<void> {
    const auth = new FakeAuthClient();
    auth.user = {
      userId: 'sub-me@example.com',
      username: 'sub-me@example.com',
      email: 'me@example.com',
      groups: ['ADMINS'],
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: USER_API, useValue: api },
        { provide: AUDIT_API, useValue: audit },
        { provide: AUDIT_RETRY, useValue: { count: 2, baseMs: 1 } },
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    await TestBed.inject(Session).ready();
    fixture = TestBed.createComponent(UsersPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await fixture.whenStable();
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    return Promise.all((await table.getRows()).map((row) => row.getCellTextByColumnName()));
  }

  const roleSelect = (email: string) =>
    loader.getHarness(MatSelectHarness.with({ selector: `[aria-label="Role of ${email}"]` }));
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const removeButton = (email: string) =>
    loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="Remove ${email}"]` }));

  const recorded = () => audit.events.map((e) => `${e.action} ${e.recordId} ${JSON.stringify(e.after)}`);

  beforeEach(() => {
    audit = new FakeAuditApi();
    api = new FakeUserApi();
    api.add('me@example.com', 'ADMINS');
    api.add('op@example.com', 'OPERATORS');
    api.add('viewer@example.com', 'VIEWERS', { enabled: false });
    api.add('new@example.com', null, { status: 'FORCE_CHANGE_PASSWORD', createdAt: '2026-11-20T08:00:00.000Z' });
  });

  it('lists every person with status, role, created date and whether they are enabled', async () => {
    await open();
    const cells = await rows();
    expect(cells.map((c) => c['email'])).toEqual([
      'me@example.com',
      'op@example.com',
      'viewer@example.com',
      'new@example.com',
    ]);
    expect(cells[3]).toEqual(jasmine.objectContaining({ status: 'Invited', created: '2026-11-20', enabled: 'Yes' }));
    expect(cells[2]!['enabled']).toBe('Disabled');
    expect(await (await roleSelect('op@example.com')).getValueText()).toBe('Operator');
    expect(await (await roleSelect('new@example.com')).getValueText()).toBe('No role');
    expect(fixture.nativeElement.textContent).toContain("takes effect at the person's next token refresh");
  });

  it('searches by email', async () => {
    await open();
    const search = await loader.getHarness(MatInputHarness.with({ selector: 'input[type=search]' }));
    await search.setValue('op');
    await new Promise((r) => setTimeout(r, 350));
    await fixture.whenStable();
    expect((await rows()).map((c) => c['email'])).toEqual(['op@example.com']);
  });

  it('pages with Next and Previous', async () => {
    for (let i = 0; i < USERS_PAGE_SIZE; i++) api.add(`p${String(i).padStart(2, '0')}@example.com`, 'VIEWERS');
    await open();
    expect((await rows()).length).toBe(USERS_PAGE_SIZE);
    await (await button(/Next/)).click();
    await fixture.whenStable();
    expect((await rows()).map((c) => c['email'])).toEqual([
      'p16@example.com',
      'p17@example.com',
      'p18@example.com',
      'p19@example.com',
    ]);
    expect(await (await button(/Next/)).isDisabled()).toBeTrue();
    await (await button(/Previous/)).click();
    await fixture.whenStable();
    expect((await rows())[0]!['email']).toBe('me@example.com');
  });

  it('invites a person in a role; a bad email is refused in the dialog and nothing is sent', async () => {
    await open();
    await (await button(/Invite/)).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const email = await dialog.getHarness(MatInputHarness.with({ selector: 'input[type=email]' }));
    await email.setValue('not-an-email');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Invite' }))).click();
    expect(overlayText()).toContain('“not-an-email” is not an email address.');
    expect(api.calls.filter((c) => c.startsWith('invite'))).toEqual([]);

    await email.setValue('op@example.com');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Invite' }))).click();
    await fixture.whenStable();
    expect(overlayText()).toContain('A user with that email already exists');

    await email.setValue('fresh@example.com');
    await (await dialog.getHarness(MatSelectHarness)).clickOptions({ text: 'Operator' });
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Invite' }))).click();
    await fixture.whenStable();
    expect(api.calls).toContain('invite fresh@example.com OPERATORS');
    expect((await rows()).map((c) => c['email'])).toContain('fresh@example.com');
    // Only the invitation that happened is in the audit trail.
    expect(recorded()).toEqual(['user_invite sub-fresh@example.com {"email":"fresh@example.com","role":"OPERATORS"}']);
  });

  it('changes a role', async () => {
    await open();
    await (await roleSelect('op@example.com')).clickOptions({ text: 'Viewer' });
    await fixture.whenStable();
    expect(api.calls).toContain('setRole sub-op@example.com VIEWERS');
    expect(await (await roleSelect('op@example.com')).getValueText()).toBe('Viewer');
    expect(recorded()).toEqual(['user_role sub-op@example.com {"email":"op@example.com","role":"VIEWERS"}']);
    expect(audit.events[0]!.before).toEqual({ email: 'op@example.com', role: 'OPERATORS' });
  });

  it('a change the audit trail cannot record is done anyway, retried, then said', async () => {
    audit.failures = 3; // the first try and both retries
    await open();
    await (await roleSelect('op@example.com')).clickOptions({ text: 'Viewer' });
    await fixture.whenStable();
    expect(await (await roleSelect('op@example.com')).getValueText()).toBe('Viewer');
    await new Promise((r) => setTimeout(r, 50));
    await fixture.whenStable();
    expect(audit.failures).toBe(0);
    expect(audit.events).toEqual([]);
    expect(overlayText()).toContain('the audit trail did not record it: Change role of sub-op@example.com');
  });

  it('a failed audit write that works on retry says nothing more', async () => {
    audit.failures = 2;
    await open();
    await (await roleSelect('op@example.com')).clickOptions({ text: 'Viewer' });
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r, 50));
    expect(recorded().length).toBe(1);
    expect(overlayText()).not.toContain('audit trail');
  });

  it('disables and enables a person', async () => {
    await open();
    const disable = await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Disable' }));
    await disable[1]!.click(); // op@example.com (the first is mine, and disabled)
    await fixture.whenStable();
    expect(api.calls).toContain('disable sub-op@example.com');
    await (await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Enable' })))[0]!.click();
    await fixture.whenStable();
    expect(api.calls).toContain('enable sub-op@example.com');
    expect(recorded()).toEqual([
      'user_disable sub-op@example.com {"email":"op@example.com","enabled":false}',
      'user_enable sub-op@example.com {"email":"op@example.com","enabled":true}',
    ]);
  });

  it('removes a person after a confirmation that names them', async () => {
    await open();
    await (await removeButton('op@example.com')).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Remove op@example.com?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Remove' }))).click();
    await fixture.whenStable();
    expect((await rows()).map((c) => c['email'])).not.toContain('op@example.com');
    expect(recorded()).toEqual(['user_remove sub-op@example.com null']);
  });

  it('says so when the person was removed by someone else while the dialog was open', async () => {
    await open();
    await (await removeButton('op@example.com')).click();
    const dialog = await root.getHarness(MatDialogHarness);
    api.users = api.users.filter((u) => u.email !== 'op@example.com');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Remove' }))).click();
    await fixture.whenStable();
    expect(overlayText()).toContain('no longer exists');
    expect(audit.events).toEqual([]);
  });

  it('guards against lock-out: no self demote, disable or remove; the last admin keeps the role', async () => {
    await open();
    expect(await (await roleSelect('me@example.com')).isDisabled()).toBeTrue();
    expect(
      await (await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Disable' })))[0]!.isDisabled(),
    ).toBeTrue();
    expect(await (await removeButton('me@example.com')).isDisabled()).toBeTrue();
    expect(await (await roleSelect('op@example.com')).isDisabled()).toBeFalse();
  });
});
