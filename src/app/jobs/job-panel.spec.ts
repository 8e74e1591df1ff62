import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { Subject, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { JobDock } from './job-dock';
import { JOB_SCHEDULER, JobRunner } from './job-runner';
import { formatTimeLeft } from './job-panel';

describe('JobPanel (in the JobDock)', () => {
  it('shows live counts, cancels, lists failures with reasons, retries them, and is dismissed', async () => {
    const clock = new TestScheduler((a, e) => expect(a).toEqual(e));
    TestBed.configureTestingModule({ providers: [{ provide: JOB_SCHEDULER, useValue: clock }] });
    const runner = TestBed.inject(JobRunner);
    const pending = new Map<number, Subject<void>>();
    let failing = true;
    runner.start({
      title: 'Delete 4 files',
      items: [1, 2, 3, 4],
      label: (i) => `file-${i}`,
      concurrency: 2,
      operation: (i) => {
        if (i === 2 && failing) return throwError(() => new Error('refused'));
        const s = new Subject<void>();
        pending.set(i, s);
        return s;
      },
    });
    const fixture = TestBed.createComponent(JobDock);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const text = () => (el.textContent ?? '').replace(/\s+/g, ' ');
    await fixture.whenStable();

    expect(text()).toContain('Delete 4 files');
    expect(text()).toContain('0 of 4 done · 1 failed');
    pending.get(1)!.complete();
    await fixture.whenStable();
    expect(text()).toContain('1 of 4 done · 1 failed');
    expect(await (await loader.getHarness(MatProgressBarHarness)).getValue()).toBe(50);

    await (await loader.getHarness(MatButtonHarness.with({ text: /Cancel/ }))).click();
    // The list of problems follows at most every 200 ms.
    expect(text()).not.toContain('file-3 Skipped');
    clock.flush();
    await fixture.whenStable();
    expect(text()).toContain('1 of 4 done · 1 failed · 2 skipped · canceled');
    expect(text()).toContain('file-2 Failed: Something went wrong: refused');
    expect(text()).toContain('file-3 Skipped: Canceled before it finished.');

    failing = false;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry failed \(1\)/ }))).click();
    pending.get(2)!.complete();
    clock.flush();
    await fixture.whenStable();
    expect(text()).toContain('2 of 4 done · 2 skipped');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Dismiss' }))).click();
    expect(runner.jobs()).toEqual([]);
    expect(text().trim()).toBe('');
  });

  it('says the time left in words', () => {
    expect([formatTimeLeft(null), formatTimeLeft(0), formatTimeLeft(12_300), formatTimeLeft(150_000)]).toEqual([
      'estimating time left…',
      '',
      '13 s left',
      'about 3 min left',
    ]);
  });
});
