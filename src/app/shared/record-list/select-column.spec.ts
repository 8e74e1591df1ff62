import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatTableModule } from '@angular/material/table';
import { MatTableHarness } from '@angular/material/table/testing';
import { SelectColumn } from './select-column';
import { SONG_NOUNS, testList } from './testing/test-list';

@Component({
  imports: [MatTableModule, SelectColumn],
  template: `<table mat-table [dataSource]="list.state.page().rows">
    <app-select-column [list]="list.state" [nouns]="nouns" />
    <ng-container matColumnDef="name">
      <th mat-header-cell *matHeaderCellDef>Title</th>
      <td mat-cell *matCellDef="let song">{{ song.name }}</td>
    </ng-container>
    <tr mat-header-row *matHeaderRowDef="columns"></tr>
    <tr mat-row *matRowDef="let song; columns: columns"></tr>
  </table>`,
})
class Host {
  readonly list = testList();
  readonly nouns = SONG_NOUNS;
  readonly columns = ['select', 'name'];
}

describe('SelectColumn', () => {
  it('adds a checkbox a row and one for the page to the table; Shift ticks a range', async () => {
    const fixture = TestBed.createComponent(Host);
    const { state, publish } = fixture.componentInstance.list;
    publish(['Airegin', 'Blue in Green', 'Cantaloupe Island', 'Dolphin Dance']);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const box = (label: string) => loader.getHarness(MatCheckboxHarness.with({ label }));
    const table = await loader.getHarness(MatTableHarness);
    const [first] = await table.getRows();
    expect(await first!.getCellTextByColumnName()).toEqual({ select: 'Select Airegin', name: 'Airegin' });

    await (await box('Select Airegin')).check();
    const input = (fixture.nativeElement as HTMLElement).querySelectorAll('td mat-checkbox input')[2]!;
    input.dispatchEvent(new MouseEvent('mousedown', { shiftKey: true, bubbles: true }));
    input.dispatchEvent(new MouseEvent('click', { shiftKey: true, bubbles: true, cancelable: true }));
    await fixture.whenStable();
    expect(state.selection.rows().map((r) => r.name)).toEqual(['Airegin', 'Blue in Green', 'Cantaloupe Island']);
    expect(await (await box('Select Dolphin Dance')).isChecked()).toBeFalse();

    const page = await box('Select the songs on this page');
    expect(await page.isIndeterminate()).toBeTrue();
    await page.check();
    expect(state.selection.count()).toBe(4);
    await page.uncheck();
    expect(state.selection.count()).toBe(0);
  });
});
