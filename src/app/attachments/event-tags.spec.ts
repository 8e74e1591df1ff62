import { WorkflowEventTags } from './event-tags';
import type { WorkflowEvent, WorkflowEvents } from './workflow-events';

const event = (recordId: string, extra: Partial<WorkflowEvent> = {}): WorkflowEvent => ({
  action: 'delete',
  model: 'Song',
  recordId,
  field: 'coverArtPath',
  before: ['images/a/1-c.png'],
  after: [],
  result: 'done',
  ...extra,
});

describe('WorkflowEventTags', () => {
  let heard: WorkflowEvent[];
  let tags: WorkflowEventTags;
  let events: WorkflowEvents;

  beforeEach(() => {
    heard = [];
    tags = new WorkflowEventTags();
    events = tags.around({ happened: (e) => void heard.push(e) });
  });

  it('adds the job, the before-image and the versions to reports on the tagged record only, while tagged', () => {
    const untag = tags.tag('Song', 'a', { jobId: 'job-1', image: { id: 'a', name: 'A' }, versions: { p: 'v1' } });
    events.happened(event('a'));
    events.happened(event('b'));
    events.happened({ ...event('a'), model: 'PhotoAlbum' });
    untag();
    events.happened(event('a'));
    expect(heard.map((e) => [e.model, e.recordId, e.jobId, e.image, e.versions])).toEqual([
      ['Song', 'a', 'job-1', { id: 'a', name: 'A' }, { p: 'v1' }],
      ['Song', 'b', undefined, undefined, undefined],
      ['PhotoAlbum', 'a', undefined, undefined, undefined],
      ['Song', 'a', undefined, undefined, undefined],
    ]);
  });

  it('keeps a job the event names itself, and an older untag does not remove a newer tag', () => {
    const first = tags.tag('Song', 'a', { jobId: 'job-1' });
    tags.tag('Song', 'a', { jobId: 'job-2' });
    first();
    events.happened(event('a'));
    events.happened(event('a', { jobId: 'own' }));
    expect(heard.map((e) => e.jobId)).toEqual(['job-2', 'own']);
  });
});
