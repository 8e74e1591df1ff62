import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { type Observable, firstValueFrom } from 'rxjs';
import { ContractsBed } from '../attachments/testing/contracts';
import type { ModelRecords } from './model-records';
import { RecordActions } from './record-actions';
import { contractRecords, seedContract } from './testing/contract-model';

@Component({ selector: 'app-host', template: '' })
class Host {}

describe('RecordActions', () => {
  let records: ModelRecords;
  let bed: ContractsBed;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    bed = new ContractsBed();
    records = contractRecords(bed);
  });
  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  /** Opens what `open` opens, reads the dialog, clicks `choice`; the text shown, the buttons and what it emitted. */
  async function choose<V>(open: () => Observable<V>, choice: string) {
    const fixture = TestBed.createComponent(Host);
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    const answer = firstValueFrom(open());
    const dialog = await root.getHarness(MatDialogHarness);
    const text = await dialog.getText();
    const buttons = await Promise.all((await dialog.getAllHarnesses(MatButtonHarness)).map((b) => b.getText()));
    await (await dialog.getHarness(MatButtonHarness.with({ text: choice }))).click();
    return { text, buttons, value: await answer };
  }

  it('asks whether a record’s files go too, counting them over every file field', async () => {
    const lease = seedContract(bed, 'Lease', 'contracts/l/a.pdf', ['site-photos/l/a.png', 'site-photos/l/b.png']);
    const actions = TestBed.inject(RecordActions);
    const asked = await choose(() => actions.confirmDelete(records, lease, true), 'Delete with its files');
    expect(asked.text).toContain('“Lease” will be deleted. It holds 3 files: delete them too, or keep them');
    expect(asked.buttons).toEqual(['Cancel', 'Delete with its files', 'Delete, keep the files']);
    expect(asked.value).toBeTrue();
  });

  it('offers only to keep the files where the user may not delete them, and a plain delete without files', async () => {
    const actions = TestBed.inject(RecordActions);
    const lease = seedContract(bed, 'Lease', 'contracts/l/a.pdf');
    const kept = await choose(() => actions.confirmDelete(records, lease, false), 'Delete, keep the files');
    expect(kept.buttons).toEqual(['Cancel', 'Delete, keep the files']);
    expect(kept.value).toBeFalse();

    const empty = seedContract(bed, 'Empty', null);
    const plain = await choose(() => actions.confirmDelete(records, empty, true), 'Delete');
    expect(plain.text).toContain('“Empty” will be deleted. This cannot be undone.');
    expect(plain.value).toBeFalse();
  });

  it('emits null when a confirmation is canceled, so nothing is deleted', async () => {
    const actions = TestBed.inject(RecordActions);
    const lease = seedContract(bed, 'Lease', 'contracts/l/a.pdf');
    expect((await choose(() => actions.confirmDelete(records, lease, true), 'Cancel')).value).toBeNull();
    const asked = await choose(() => actions.confirmDetach('the file of Signed pdf', true), 'Cancel');
    expect(asked.buttons).toEqual(['Cancel', 'Detach and delete', 'Detach, keep the file']);
    expect(asked.value).toBeNull();
  });
});
