import { ACTIVITY_CSV_HEADER, activityCsv } from './activity-csv';
import type { AuditEvent } from './audit-event';

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: 'e1',
  at: '2026-05-01T10:00:00.000Z',
  actor: 'sub-1::ana',
  action: 'attach',
  model: 'Song',
  recordId: 's1',
  field: 'coverArtPath',
  paths: ['images/s1/cover.png'],
  before: null,
  after: null,
  jobId: null,
  result: 'done',
  ...over,
});

const emails = new Map([['ana', 'ana@example.com']]);
const emailOf = (username: string) => emails.get(username) ?? null;

/** The document's lines (CRLF-separated, the last one ended too). */
const linesOf = (csv: string) => {
  expect(csv.endsWith('\r\n')).toBeTrue();
  return csv.slice(0, -2).split('\r\n');
};

describe('activityCsv', () => {
  it('is the header alone for no events', () => {
    expect(linesOf(activityCsv([], emailOf))).toEqual([ACTIVITY_CSV_HEADER.join(',')]);
  });

  it('writes one row per event: the person by email, the action by its label, values as JSON', () => {
    const csv = activityCsv(
      [
        event({
          action: 'replace',
          paths: ['images/s1/a.png', 'images/s1/b.png'],
          before: ['images/s1/a.png'],
          after: 'images/s1/b.png',
          jobId: 'job-7',
        }),
      ],
      emailOf,
    );
    expect(linesOf(csv)[1]).toBe(
      '2026-05-01T10:00:00.000Z,ana@example.com,sub-1::ana,Replace,Song,s1,coverArtPath,' +
        'images/s1/a.png images/s1/b.png,"[""images/s1/a.png""]","""images/s1/b.png""",job-7,done',
    );
  });

  it('names a person the console does not know by their username, and leaves missing values empty', () => {
    const csv = activityCsv(
      [event({ actor: 'sub-2::bo', action: 'user_disable', model: null, field: null, paths: [], result: null })],
      emailOf,
    );
    expect(linesOf(csv)[1]).toBe('2026-05-01T10:00:00.000Z,bo,sub-2::bo,Disable user,,s1,,,,,,');
  });

  it('quotes cells with commas, quotes and line breaks, so each event stays one record', () => {
    const csv = activityCsv([event({ recordId: 'a,b', result: 'kept: used by "Live", then\nfailed' })], emailOf);
    expect(csv).toContain(',"a,b",');
    expect(csv).toContain(',"kept: used by ""Live"", then\nfailed"\r\n');
  });

  it('defuses values a spreadsheet would run as a formula', () => {
    const csv = activityCsv(
      [event({ recordId: '=HYPERLINK("http://x")', paths: ['+cmd.png'], result: '@SUM(A1)' })],
      emailOf,
    );
    const row = linesOf(csv)[1];
    expect(row).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(row).toContain(",'+cmd.png,");
    expect(row).toContain(",'@SUM(A1)");
    expect(row).not.toMatch(/,[=+@]/);
  });

  it('keeps unicode keys and names as they are', () => {
    const csv = activityCsv([event({ recordId: 'Ünï名', paths: ['images/Ünï名/名前 – a.png'] })], emailOf);
    expect(linesOf(csv)[1]).toContain(',Ünï名,coverArtPath,images/Ünï名/名前 – a.png,');
  });

  it('says a storage event nobody made in the console came from outside it, and credits a console change', () => {
    const byConsole = event({ id: 'c', action: 'attach', paths: ['images/s1/x.png'] });
    const written = event({
      id: 's',
      actor: 'storage::AROA:role',
      action: 'storage_write',
      paths: ['images/s1/x.png'],
      at: '2026-05-01T10:00:30.000Z',
    });
    const outside = event({ id: 'o', actor: 'storage::AROA:role', action: 'storage_write', paths: ['images/z.png'] });
    const rows = linesOf(activityCsv([byConsole, written, outside], emailOf));
    expect(rows[2]).toContain(',ana@example.com (in the console),storage::AROA:role,File written,');
    expect(rows[3]).toContain(',Outside the console,storage::AROA:role,File written,');
  });
});
