import { lastValueFrom } from 'rxjs';
import { RecordFileWorkflow } from './record-file-workflow';
import { RecordFilesWorkflow } from './record-files-workflow';
import { type Contract, ContractsBed, PHOTOS, SIGNED_PDF } from './testing/contracts';
import { pdf, png } from './testing/fake-bucket';
import type { WorkflowEvent } from './workflow-events';

describe('WorkflowEvents: what the workflows report (to the audit trail)', () => {
  let bed: ContractsBed;
  let pdfs: RecordFileWorkflow<Contract>;
  let photos: RecordFilesWorkflow<Contract>;
  let events: WorkflowEvent[];

  beforeEach(() => {
    bed = new ContractsBed();
    pdfs = new RecordFileWorkflow(bed.table, bed.engine, SIGNED_PDF);
    photos = new RecordFilesWorkflow(bed.table, bed.engine, PHOTOS);
    events = [];
    spyOn(bed.engine.events, 'happened').and.callFake((e) => events.push(e));
  });

  const last = <T>(step: { type: string; value?: T }): T => step.value as T;

  it('attach, replace, detach with the file deleted and delete: each once, with the paths before and after', async () => {
    const created = last(await lastValueFrom(pdfs.create({ title: 'Lease' }, pdf('a.pdf'))));
    const first = created.signedPdf!;
    const replaced = last(await lastValueFrom(pdfs.setFile(created, pdf('b.pdf'))));
    const second = replaced.signedPdf!;
    const detached = await lastValueFrom(pdfs.detach(replaced, true));
    await lastValueFrom(pdfs.delete(detached, false));
    expect(events.map((e) => [e.action, e.model, e.recordId, e.field, e.before, e.after, e.result])).toEqual([
      ['attach', 'Contract', created.id, 'signedPdf', [], [first], 'done'],
      ['replace', 'Contract', created.id, 'signedPdf', [first], [second], 'done'],
      ['detach', 'Contract', created.id, 'signedPdf', [second], [], 'done'],
      ['delete', 'Contract', created.id, 'signedPdf', [], [], 'done'],
    ]);
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('a delete carries the record as it was, every field (what Recently deleted recreates it from)', async () => {
    const created = last(await lastValueFrom(pdfs.create({ title: 'Lease' }, pdf('a.pdf'))));
    events.length = 0;
    await lastValueFrom(pdfs.delete(created, true));
    expect(events.map((e) => [e.action, e.image])).toEqual([['delete', { ...created }]]);
  });

  it('a refused change reports nothing', async () => {
    const created = last(await lastValueFrom(pdfs.create({ title: 'Lease' }, pdf('a.pdf'))));
    events.length = 0;
    const stale = { ...created, updatedAt: '2000-01-01T00:00:00.000Z' };
    await expectAsync(lastValueFrom(pdfs.detach(stale, true))).toBeRejected();
    await expectAsync(lastValueFrom(pdfs.delete(stale, true))).toBeRejected();
    expect(events).toEqual([]);
  });

  it('a list: add reports an attach, remove a detach, replace a replace', async () => {
    const created = last(await lastValueFrom(photos.create({ title: 'Site' })));
    const added = (await lastValueFrom(photos.add(created, [png('a.png'), png('b.png')]))) as {
      value: { record: Contract };
    };
    const withTwo = added.value.record;
    const [a, b] = withTwo.photos!;
    const removed = await lastValueFrom(photos.remove(withTwo, a!));
    await lastValueFrom(photos.replace(removed, b!, png('c.png')));
    expect(events.map((e) => [e.action, e.before.length, e.after.length])).toEqual([
      ['attach', 0, 2],
      ['detach', 2, 1],
      ['replace', 1, 1],
    ]);
    expect(events[1]!.before).toEqual([a!, b!]);
    expect(events[2]!.before).toEqual([b!]);
    expect(events[2]!.after).not.toEqual([b!]);
  });
});
