import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { AUTH_CLIENT } from './auth-client';
import { HasRole } from './has-role';
import { Session } from './session';

@Component({
  imports: [HasRole],
  template: `
    <button *appHasRole="['ADMINS']">Delete</button>
    <button *appHasRole="['ADMINS', 'OPERATORS']; else readOnly">Edit</button>
    <ng-template #readOnly><span>Read only</span></ng-template>
  `,
})
class Host {}

describe('HasRole', () => {
  let auth: FakeAuthClient;

  async function render(groups: string[]): Promise<HTMLElement> {
    auth.user = userIn(...groups);
    await TestBed.inject(Session).ready();
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({ providers: [{ provide: AUTH_CLIENT, useValue: auth }] });
  });

  it('shows everything to admins', async () => {
    const el = await render(['ADMINS']);
    expect(el.textContent).toContain('Delete');
    expect(el.textContent).toContain('Edit');
    expect(el.textContent).not.toContain('Read only');
  });

  it('hides delete from operators', async () => {
    const el = await render(['OPERATORS']);
    expect(el.textContent).not.toContain('Delete');
    expect(el.textContent).toContain('Edit');
  });

  it('shows viewers the else template', async () => {
    const el = await render(['VIEWERS']);
    expect(el.querySelectorAll('button').length).toBe(0);
    expect(el.textContent).toContain('Read only');
  });

  it('follows a change of groups without re-rendering the host', async () => {
    const fixture = TestBed.createComponent(Host);
    auth.user = userIn('VIEWERS');
    await TestBed.inject(Session).ready();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).not.toContain('Delete');

    auth.user = userIn('ADMINS');
    await TestBed.inject(Session).refresh();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('Delete');
  });
});
