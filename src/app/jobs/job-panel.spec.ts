import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { NEVER, Subject, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { AttachmentError } from '../attachments/attachment-error';
import { JobDock } from './job-dock';
import { note, skip, type UndoOffer } from './job';
import { JOB_SCHEDULER, JobRunner } from './job-runner';
import { JobPanel, formatTimeLeft } from './job-panel';

describe('JobPanel (in the JobDock)', () => {
  it('shows live counts, cancels, lists failures with reasons, retries them, and is dismissed', async () => {
    const clock = new TestScheduler((a, e) => expect(a).toEqual(e));
    TestBed.configureTestingModule({ providers: [{ provide: JOB_SCHEDULER, useValue: clock }] });
    const runner = TestBed.inject(JobRunner);
    const pending = new Map<number, Subject<void>>();
    let failing = true;
    runner.start({
      title: 'Delete 5 files',
      items: [1, 2, 3, 4, 5],
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
    const settle = async () => {
      clock.flush();
      await fixture.whenStable();
    };
    await fixture.whenStable();

    expect(text()).toContain('Delete 5 files');
    expect(text()).toContain('0 of 5 done · 1 failed');
    pending.get(1)!.complete();
    await fixture.whenStable();
    expect(text()).toContain('1 of 5 done · 1 failed');
    expect(await (await loader.getHarness(MatProgressBarHarness)).getValue()).toBe(40);

    // Cancel: item 5 never starts; 3 and 4 are in flight and finish.
    await (await loader.getHarness(MatButtonHarness.with({ text: /Cancel/ }))).click();
    expect(text()).toContain('Finishing 2 items in flight…');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Cancel/ }))).toEqual([]);
    pending.get(3)!.complete();
    pending.get(4)!.complete();
    await settle();
    expect(text()).toContain('3 of 5 done · 1 failed · 1 skipped · canceled');
    expect(text()).toContain('file-2 Failed: Something went wrong: refused');
    expect(text()).toContain('file-5 Skipped: Canceled before it started.');

    failing = false;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry failed \(1\)/ }))).click();
    pending.get(2)!.complete();
    await settle();
    expect(text()).toContain('4 of 5 done · 1 skipped');
    expect(text()).not.toContain('file-2 Failed');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Dismiss' }))).click();
    expect(runner.jobs()).toEqual([]);
    expect(text().trim()).toBe('');
  });

  it("the shell's dock leaves out a job while a page shows it in its own panel, and shows it again after", async () => {
    @Component({
      imports: [JobDock, JobPanel],
      template: `
        <app-job-dock inShell class="shell" />
        @if (onPage()) {
          <app-job-panel class="page" [job]="job" />
        }
      `,
    })
    class Host {
      readonly job = TestBed.inject(JobRunner).start({
        title: 'Clean up',
        items: [1],
        label: String,
        operation: () => NEVER,
      });
      readonly onPage = signal(true);
    }
    const fixture = TestBed.createComponent(Host);
    const el = fixture.nativeElement as HTMLElement;
    const shown = () => ({
      shell: el.querySelectorAll('.shell [data-testid=job-panel]').length,
      page: el.querySelectorAll('.page [data-testid=job-panel]').length,
    });
    await fixture.whenStable();
    expect(shown()).toEqual({ shell: 0, page: 1 });
    fixture.componentInstance.onPage.set(false);
    await fixture.whenStable();
    expect(shown()).toEqual({ shell: 1, page: 0 });
    fixture.componentInstance.job.close();
  });

  it('lists the items done with a note apart from those not done', async () => {
    const clock = new TestScheduler((a, e) => expect(a).toEqual(e));
    TestBed.configureTestingModule({ providers: [{ provide: JOB_SCHEDULER, useValue: clock }] });
    const runner = TestBed.inject(JobRunner);
    runner.start({
      title: 'Delete 2 songs and their covers',
      items: ['Blue', 'Red'],
      label: (name) => name,
      concurrency: 2,
      operation: (name) =>
        of(
          name === 'Blue'
            ? note('1 cover file of “Blue” was kept: “c.png” is also used by photo album “Summer”.')
            : 'done',
        ),
    });
    const fixture = TestBed.createComponent(JobDock);
    await fixture.whenStable();
    clock.flush();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const notes = el.querySelector('[aria-label="Done, with a note"]');
    expect((notes?.textContent ?? '').replace(/\s+/g, ' ').trim()).toBe(
      'Blue Done: 1 cover file of “Blue” was kept: “c.png” is also used by photo album “Summer”.',
    );
    expect(el.querySelector('[aria-label="Items not done"]')).toBeNull();
    expect(el.textContent).toContain('2 of 2 done');
  });

  describe('Undo', () => {
    let clock: TestScheduler;
    let runner: JobRunner;
    const offer = (until: number, available = true) => {
      let started = 0;
      const undo: UndoOffer = { until, started: () => started > 0, available: () => available, start: () => started++ };
      return { undo, starts: () => started };
    };
    const undoButtons = async (fixture: ReturnType<typeof TestBed.createComponent<JobDock>>) =>
      TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatButtonHarness.with({ text: /Undo/ }));

    beforeEach(() => {
      clock = new TestScheduler((a, e) => expect(a).toEqual(e));
      TestBed.configureTestingModule({ providers: [{ provide: JOB_SCHEDULER, useValue: clock }] });
      runner = TestBed.inject(JobRunner);
    });

    it('is offered once a delete or detach job is through, starts the undo once, and goes', async () => {
      const { undo, starts } = offer(1000);
      const item = new Subject<void>();
      runner.start({ title: 'Delete 1 song', items: ['Blue'], label: String, operation: () => item, undo });
      const fixture = TestBed.createComponent(JobDock);
      await fixture.whenStable();
      expect(await undoButtons(fixture)).toEqual([]); // still running
      item.complete();
      clock.flush();
      await fixture.whenStable();
      const [button] = await undoButtons(fixture);
      expect(await button!.getText()).toContain('Undo');
      await button!.click();
      expect(starts()).toBe(1);
      expect(await undoButtons(fixture)).toEqual([]);
    });

    it('is offered after a failed item too (it may have deleted part of its work)', async () => {
      const { undo } = offer(1000);
      runner.start({
        title: 'Detach 1 cover',
        items: ['Blue'],
        label: String,
        operation: () => throwError(() => new Error('x')),
        undo,
      });
      const fixture = TestBed.createComponent(JobDock);
      clock.flush();
      await fixture.whenStable();
      expect((await undoButtons(fixture)).length).toBe(1);
    });

    it('is not offered for a job that cannot be undone, once retention has passed, when nothing was done, or when no version could be read', async () => {
      runner.start({ title: 'Delete 1 orphan file', items: [1], label: String, operation: () => of('done') });
      runner.start({
        title: 'Delete 1 song',
        items: [1],
        label: String,
        operation: () => of('done'),
        undo: offer(0).undo,
      });
      runner.start({
        title: 'Delete 1 changed song',
        items: [1],
        label: String,
        operation: () => of(skip('Changed by someone else')),
        undo: offer(1000).undo,
      });
      // A role that may not read earlier versions of files: the job ran, but nothing could come back.
      runner.start({
        title: 'Delete 1 product and its files',
        items: [1],
        label: String,
        operation: () => of('done'),
        undo: offer(1000, false).undo,
      });
      const fixture = TestBed.createComponent(JobDock);
      clock.flush();
      await fixture.whenStable();
      expect((fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid=job-panel]').length).toBe(4);
      expect(await undoButtons(fixture)).toEqual([]);
    });

    it('is not offered again for a job whose undo was started elsewhere', async () => {
      const { undo } = offer(1000);
      undo.start();
      runner.start({ title: 'Delete 1 song', items: [1], label: String, operation: () => of('done'), undo });
      const fixture = TestBed.createComponent(JobDock);
      clock.flush();
      await fixture.whenStable();
      expect(await undoButtons(fixture)).toEqual([]);
    });
  });

  it('shows a job reading its items page by page as open-ended until its last page, and why it stopped early', async () => {
    TestBed.configureTestingModule({});
    const runner = TestBed.inject(JobRunner);
    let resolvePage!: (page: readonly number[] | null) => void;
    let rejectPage!: (err: unknown) => void;
    runner.start({
      title: 'Delete every matching song',
      items: [],
      label: String,
      concurrency: 2,
      operation: () => of(undefined),
      more: () => new Promise<readonly number[] | null>((ok, fail) => ((resolvePage = ok), (rejectPage = fail))),
    });
    const fixture = TestBed.createComponent(JobDock);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const counts = () => el.querySelector('[data-testid=job-counts]')?.textContent?.trim();
    const settle = async () => {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    };
    await settle();
    resolvePage([1, 2, 3]);
    await settle();
    expect(counts()).toBe('3 done, more to read');
    expect(await (await loader.getHarness(MatProgressBarHarness)).getMode()).toBe('indeterminate');
    rejectPage(new AttachmentError('unavailable', 'The service is unavailable.'));
    await settle();
    expect(counts()).toBe('3 of 3 done');
    expect(el.querySelector('[data-testid=job-read-failure]')?.textContent).toContain(
      'The next items could not be read: The service is unavailable.',
    );
    expect(await (await loader.getHarness(MatProgressBarHarness)).getMode()).toBe('determinate');
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
