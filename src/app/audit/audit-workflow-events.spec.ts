import { TestBed } from '@angular/core/testing';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { AUDIT_API } from './audit-api';
import { AuditWorkflowEvents } from './audit-workflow-events';
import { FakeAuditApi } from './testing/fake-audit-api';

describe('AuditWorkflowEvents', () => {
  let api: FakeAuditApi;
  let events: AuditWorkflowEvents;

  beforeEach(() => {
    api = new FakeAuditApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: AUDIT_API, useValue: api },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    events = TestBed.inject(AuditWorkflowEvents);
  });

  const settle = () => new Promise((r) => setTimeout(r));

  it("records a bulk item's job, the record as it was and the versions of the files it deleted", async () => {
    events.happened({
      action: 'delete',
      model: 'Song',
      recordId: 's1',
      field: 'coverArtPath',
      jobId: 'job-uuid',
      image: { id: 's1', name: 'Blue', coverArtPath: 'images/s1/c.png', updatedAt: 't1' },
      versions: { 'images/s1/c.png': 'v-7' },
      before: ['images/s1/c.png'],
      after: [],
      result: 'done',
    });
    await settle();
    expect(api.events[0]).toEqual(
      jasmine.objectContaining({
        action: 'delete',
        jobId: 'job-uuid',
        paths: ['images/s1/c.png'],
        before: {
          coverArtPath: ['images/s1/c.png'],
          record: { id: 's1', name: 'Blue', coverArtPath: 'images/s1/c.png', updatedAt: 't1' },
          versions: { 'images/s1/c.png': 'v-7' },
        },
        after: null,
      }),
    );
  });

  it('records a single change as before: the field’s paths only', async () => {
    events.happened({
      action: 'restore',
      model: 'Song',
      recordId: 's1',
      field: 'coverArtPath',
      before: [],
      after: ['images/s1/c.png'],
      result: 'recreated',
    });
    await settle();
    expect(api.events[0]).toEqual(
      jasmine.objectContaining({
        action: 'restore',
        jobId: null,
        before: { coverArtPath: [] },
        after: { coverArtPath: ['images/s1/c.png'] },
      }),
    );
  });
});
