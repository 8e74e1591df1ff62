import { TestBed } from '@angular/core/testing';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient } from '../../testing/fake-auth-client';
import { Subject, defer, throwError } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { JobRunner } from './job-runner';

describe('JobRunner', () => {
  let runner: JobRunner;
  let reachability: FakeReachability;
  let auth: FakeAuthClient;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        { provide: Reachability, useClass: FakeReachability },
        { provide: AUTH_CLIENT, useValue: auth },
      ],
    });
    runner = TestBed.inject(JobRunner);
    reachability = TestBed.inject(Reachability) as FakeReachability;
  });

  const flush = async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r));
  };

  it('tells Reachability the backend answered as items finish, so a probe stuck behind the job is not taken as down', async () => {
    const answered = spyOn(reachability, 'answered').and.callThrough();
    const gate = new Subject<void>();
    runner.start({
      title: 'Delete 2 songs',
      items: [1, 2],
      label: (i) => `song ${i}`,
      operation: () => gate,
      concurrency: 2,
    });
    await flush();
    expect(answered).not.toHaveBeenCalled();

    reachability.up = false;
    reachability.duringProbe = () => {
      gate.next();
      gate.complete();
    };
    expect(await reachability.check()).toBeTrue();
    expect(answered).toHaveBeenCalled();
  });

  it('does not count items that failed to reach the backend as answers', async () => {
    const answered = spyOn(reachability, 'answered');
    runner.start({
      title: 'Delete 2 songs',
      items: [1, 2],
      label: (i) => `song ${i}`,
      operation: () =>
        defer(() => throwError(() => new AttachmentError('unavailable', 'The backend cannot be reached.'))),
      concurrency: 2,
    });
    await flush();
    expect(answered).not.toHaveBeenCalled();
  });

  it('keeps finished jobs for the person who ran them, and drops them when someone else signs in', async () => {
    const session = TestBed.inject(Session);
    auth.signIn({ userId: 'ann', groups: ['ADMINS'] });
    await session.refresh();
    TestBed.tick();
    const gate = new Subject<void>();
    runner.start({ title: 'Done job', items: [1], label: () => 'one', operation: () => defer(() => [1]) });
    runner.start({ title: 'Running job', items: [1], label: () => 'two', operation: () => gate });
    await flush();
    const titles = () => runner.jobs().map((j) => j.title);
    expect(titles()).toEqual(['Done job', 'Running job']);

    await session.signOut();
    auth.signIn({ userId: 'ann', groups: ['ADMINS'] });
    await session.refresh();
    TestBed.tick();
    expect(titles()).toEqual(['Done job', 'Running job']);

    await session.signOut();
    auth.signIn({ userId: 'bob', groups: ['VIEWERS'] });
    await session.refresh();
    TestBed.tick();
    // A job still at work stays until it ends: its requests are already out.
    expect(titles()).toEqual(['Running job']);
  });
});
