import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { overlayText } from '../../testing/dialog-testing';
import { AUDIT_API } from './audit-api';
import { AUDIT_RETRY, AuditLog } from './audit-log';
import { FakeAuditApi } from './testing/fake-audit-api';

describe('AuditLog', () => {
  let api: FakeAuditApi;
  let log: AuditLog;

  beforeEach(() => {
    api = new FakeAuditApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUDIT_API, useValue: api },
        { provide: AUDIT_RETRY, useValue: { count: 2, baseMs: 1 } },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    log = TestBed.inject(AuditLog);
  });

  // Retries wait on real timers: poll for the outcome (up to 2 s) rather than a fixed pause a loaded machine outruns.
  const settle = async (done: () => boolean) => {
    const end = Date.now() + 2000;
    while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 10));
  };

  it('records the entry with the time it was asked', async () => {
    const before = new Date().toISOString();
    log.record({ action: 'detach', model: 'Song', recordId: 's1', paths: ['images/s1/a.png'], result: 'detached' });
    await settle(() => api.events.length > 0);
    expect(api.events.length).toBe(1);
    expect(api.events[0]).toEqual(
      jasmine.objectContaining({ action: 'detach', model: 'Song', recordId: 's1', paths: ['images/s1/a.png'] }),
    );
    expect(api.events[0]!.at >= before).toBeTrue();
  });

  it('retries a failed write, and then says nothing', async () => {
    api.failures = 2;
    log.record({ action: 'delete', model: 'Song', recordId: 's1' });
    await settle(() => api.events.length > 0);
    expect(api.events.length).toBe(1);
    expect(overlayText()).not.toContain('audit trail');
  });

  it('says which action went unrecorded when every try fails', async () => {
    api.failures = 3;
    log.record({ action: 'delete', model: 'Song', recordId: 's1' });
    await settle(() => overlayText().includes('audit trail'));
    expect(api.events).toEqual([]);
    expect(overlayText()).toContain('Done, but the audit trail did not record it: Delete of Song s1 (Network error).');
  });
});
