import type { AuditEvent } from './audit-event';
import { SAME_CHANGE_MS, causeWindow, consoleCause, isStorageEvent, storageResult, whoDid } from './storage-origin';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: 'e',
  at: at(0),
  actor: 'sub-1::ana',
  action: 'attach',
  model: 'Song',
  recordId: 's1',
  field: 'coverArtPath',
  paths: ['images/s1/a.png'],
  before: null,
  after: null,
  jobId: null,
  result: 'done',
  ...over,
});

const stored = (action: 'storage_write' | 'storage_remove', path: string, ms = 0, eventName?: string) =>
  event({
    id: `${action}-${path}`,
    actor: 'storage::AROA:CognitoAuthRole',
    action,
    model: null,
    recordId: null,
    field: null,
    paths: [path],
    at: at(ms),
    after: eventName ? { eventName } : null,
    result: null,
  });

const emailOf = (u: string) => (u === 'ana' ? 'ana@example.com' : null);

describe('storage origin', () => {
  it('tells object events from console events', () => {
    expect(isStorageEvent(stored('storage_write', 'a'))).toBeTrue();
    expect(isStorageEvent(stored('storage_remove', 'a'))).toBeTrue();
    expect(isStorageEvent(event({ action: 'delete' }))).toBeFalse();
  });

  describe('consoleCause', () => {
    it('finds the console change on the same file, of the right kind, within the window either side', () => {
      const attach = event({ id: 'attach', at: at(SAME_CHANGE_MS) });
      expect(consoleCause(stored('storage_write', 'images/s1/a.png'), [attach])).toBe(attach);
      const detach = event({ id: 'detach', action: 'detach', at: at(-SAME_CHANGE_MS) });
      expect(consoleCause(stored('storage_remove', 'images/s1/a.png'), [detach])).toBe(detach);
    });

    it('a replace or restore can cause a write or a removal', () => {
      for (const action of ['replace', 'restore'] as const) {
        const cause = event({ action });
        expect(consoleCause(stored('storage_write', 'images/s1/a.png'), [cause])).toBe(cause);
        expect(consoleCause(stored('storage_remove', 'images/s1/a.png'), [cause])).toBe(cause);
      }
    });

    it('finds none for another file, the wrong kind, too far apart, or another object event', () => {
      const write = stored('storage_write', 'images/s1/a.png');
      expect(consoleCause(write, [event({ paths: ['images/s1/b.png'] })])).toBeUndefined();
      expect(consoleCause(write, [event({ action: 'detach' })])).toBeUndefined();
      expect(consoleCause(stored('storage_remove', 'images/s1/a.png'), [event({ action: 'attach' })])).toBeUndefined();
      expect(consoleCause(write, [event({ at: at(SAME_CHANGE_MS + 1) })])).toBeUndefined();
      expect(consoleCause(write, [stored('storage_write', 'images/s1/a.png')])).toBeUndefined();
      expect(consoleCause(write, [])).toBeUndefined();
    });

    it('finds none for a console event or an object event without a path', () => {
      expect(consoleCause(event({}), [event({})])).toBeUndefined();
      expect(consoleCause(event({ action: 'storage_write', paths: [] }), [event({ paths: [] })])).toBeUndefined();
    });

    it('matches unicode keys exactly', () => {
      const key = 'images/Ünï名/名前 – a.png';
      const cause = event({ paths: ['images/other.png', key] });
      expect(consoleCause(stored('storage_write', key), [cause])).toBe(cause);
      expect(consoleCause(stored('storage_write', key.normalize('NFD')), [cause])).toBeUndefined();
    });
  });

  describe('whoDid', () => {
    it('names a console event’s person by email, else by username', () => {
      expect(whoDid(event({}), [], emailOf)).toBe('ana@example.com');
      expect(whoDid(event({ actor: 'sub-2::bo' }), [], emailOf)).toBe('bo');
      expect(whoDid(event({ actor: 'bare' }), [], emailOf)).toBe('bare');
    });

    it('credits an object event to the console change that made it, else to outside the console', () => {
      const write = stored('storage_write', 'images/s1/a.png', 1000);
      expect(whoDid(write, [event({})], emailOf)).toBe('ana@example.com (in the console)');
      expect(whoDid(write, [], emailOf)).toBe('Outside the console');
    });
  });

  describe('storageResult', () => {
    it('says in words what S3’s event did, keeping an unknown name as it is', () => {
      expect(storageResult(stored('storage_write', 'a', 0, 'ObjectCreated:Put'))).toBe('uploaded');
      expect(storageResult(stored('storage_write', 'a', 0, 'ObjectCreated:CompleteMultipartUpload'))).toBe(
        'uploaded in parts',
      );
      expect(storageResult(stored('storage_remove', 'a', 0, 'ObjectRemoved:DeleteMarkerCreated'))).toBe(
        'deleted (restorable)',
      );
      expect(storageResult(stored('storage_remove', 'a', 0, 'ObjectRemoved:Delete'))).toBe('deleted for good');
      expect(storageResult(stored('storage_write', 'a', 0, 'ObjectRestore:Completed'))).toBe('ObjectRestore:Completed');
    });

    it('falls back on the result, then on nothing', () => {
      expect(storageResult(event({ action: 'storage_write', after: null, result: 'ObjectCreated:Copy' }))).toBe(
        'copied in',
      );
      expect(storageResult(event({ action: 'storage_write', after: null, result: null }))).toBe('');
    });
  });

  describe('causeWindow', () => {
    it('spans the object events’ times widened by the window, and is none without object events', () => {
      expect(causeWindow([])).toBeUndefined();
      expect(causeWindow([event({})])).toBeUndefined();
      const window = causeWindow([
        event({ at: at(-10 * SAME_CHANGE_MS) }),
        stored('storage_write', 'a', 5000),
        stored('storage_remove', 'b', -3000),
      ]);
      expect(window).toEqual({ from: at(-3000 - SAME_CHANGE_MS), to: at(5000 + SAME_CHANGE_MS) });
    });
  });
});
