import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi } from '../attachments/testing/fake-storage-api';
import { JobRunner } from './job-runner';
import { guardUnload } from './unload-guard';

describe('guardUnload', () => {
  // A window of its own: the test runner treats a beforeunload on the real one as a reload.
  let window: EventTarget;

  /** Dispatches the event the browser sends before unloading; true when the page asked to stay. */
  function unload(): boolean {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  }

  beforeEach(() => {
    window = new EventTarget();
    TestBed.configureTestingModule({
      providers: [
        { provide: STORAGE_API, useValue: new FakeStorageApi() },
        { provide: DOCUMENT, useValue: { defaultView: window } },
      ],
    });
    TestBed.runInInjectionContext(() => guardUnload());
  });

  it('asks before unloading only while a job runs', () => {
    expect(unload()).toBeFalse();
    const item = new Subject<void>();
    TestBed.inject(JobRunner).start({ title: 'Delete 1 song', items: [1], label: String, operation: () => item });
    expect(unload()).toBeTrue();
    item.complete();
    expect(unload()).toBeFalse();
  });

  it('stops listening when its injector is destroyed', () => {
    TestBed.inject(JobRunner).start({
      title: 'Delete 1 song',
      items: [1],
      label: String,
      operation: () => new Subject(),
    });
    TestBed.resetTestingModule();
    expect(unload()).toBeFalse();
  });
});
