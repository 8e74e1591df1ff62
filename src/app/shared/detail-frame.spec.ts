import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressSpinnerHarness } from '@angular/material/progress-spinner/testing';
import { provideRouter } from '@angular/router';
import { DetailFrame, type DetailStatus } from './detail-frame';

@Component({
  imports: [DetailFrame],
  template: `
    <app-detail-frame
      list="/albums"
      noun="album"
      plural="albums"
      [status]="status()"
      [found]="found()"
      [error]="error()"
      [notFound]="notFound()"
      (retry)="retries.set(retries() + 1)"
    >
      <h1 data-testid="record">Summer</h1>
    </app-detail-frame>
  `,
})
class Host {
  readonly status = signal<DetailStatus>('loading');
  readonly found = signal(true);
  readonly error = signal('');
  readonly notFound = signal('');
  readonly retries = signal(0);
}

describe('DetailFrame', () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    await fixture.whenStable();
  });

  const el = () => fixture.nativeElement as HTMLElement;
  const text = () => (el().textContent ?? '').replace(/\s+/g, ' ').trim();
  const loader = () => TestbedHarnessEnvironment.loader(fixture);

  async function show(change: () => void): Promise<void> {
    change();
    await fixture.whenStable();
  }

  it('links back to the list and names what it is loading, without the record yet', async () => {
    const back = el().querySelector('a.back')!;
    expect(back.getAttribute('href')).toBe('/albums');
    expect(back.textContent?.trim()).toContain('All albums');
    const spinner = await loader().getHarness(MatProgressSpinnerHarness);
    expect(await (await spinner.host()).getAttribute('aria-label')).toBe('Loading the album');
    expect(el().querySelector('[role=status]')?.textContent).toContain('Loading the album…');
    expect(el().querySelector('[data-testid=record]')).toBeNull();
  });

  it('says why the record could not be loaded and offers to try again', async () => {
    await show(() => {
      host.status.set('error');
      host.error.set('The backend cannot be reached.');
    });
    expect(el().querySelector('[role=alert] h1')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'The album could not be loaded. The backend cannot be reached.',
    );
    await (await loader().getHarness(MatButtonHarness.with({ text: /Try again/ }))).click();
    expect(host.retries()).toBe(1);
    expect(el().querySelector('[data-testid=record]')).toBeNull();
  });

  it('shows the record once it is ready and found', async () => {
    await show(() => host.status.set('ready'));
    expect(el().querySelector('[data-testid=record]')?.textContent).toBe('Summer');
    expect(el().querySelector('[role=alert], [role=status]')).toBeNull();
    expect(el().querySelectorAll('h1').length).toBe(1); // the record's own heading only
    expect(text()).toContain('All albums');
  });

  it('says when the record does not exist, in its own words or the default, with a way back', async () => {
    await show(() => {
      host.status.set('ready');
      host.found.set(false);
    });
    const notFound = () => el().querySelector('[data-testid=not-found]');
    expect(notFound()?.getAttribute('role')).toBe('alert');
    expect(notFound()?.querySelector('h1')?.textContent).toBe(
      'This album does not exist (any more). Someone may have deleted it.',
    );
    expect(notFound()?.querySelector('a')?.getAttribute('href')).toBe('/albums');
    expect(notFound()?.querySelector('a')?.textContent?.trim()).toBe('Back to all albums');
    expect(el().querySelector('[data-testid=record]')).toBeNull();

    await show(() => host.notFound.set('This album was deleted by someone else.'));
    expect(notFound()?.textContent).toContain('This album was deleted by someone else.');
    expect(notFound()?.textContent).not.toContain('does not exist');
  });
});
