import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatMenuModule } from '@angular/material/menu';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableModule } from '@angular/material/table';
import { MatTableHarness } from '@angular/material/table/testing';
import { ActionsColumn } from './actions-column';
import { UpdatedColumn } from './updated-column';

interface Row {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
}

@Component({
  imports: [ActionsColumn, MatMenuModule, MatSortModule, MatTableModule, UpdatedColumn],
  template: `
    <table mat-table [dataSource]="rows" matSort (matSortChange)="sorted.set($event)">
      <ng-container matColumnDef="name">
        <th mat-header-cell *matHeaderCellDef>Title</th>
        <td mat-cell *matCellDef="let row">{{ row.name }}</td>
      </ng-container>
      <app-updated-column />
      @if (withActions()) {
        <app-actions-column [menu]="menu" />
      }
      <tr mat-header-row *matHeaderRowDef="columns()"></tr>
      <tr mat-row *matRowDef="let row; columns: columns()"></tr>
    </table>
    <mat-menu #menu="matMenu">
      <ng-template matMenuContent let-song="row">
        <button mat-menu-item type="button">Rename {{ song.name }}</button>
      </ng-template>
    </mat-menu>
  `,
})
class Host {
  readonly rows: Row[] = [
    { id: '1', name: 'Naima', updatedAt: '2026-01-02T10:00:00.000Z' },
    { id: '2', name: 'Solar', updatedAt: '2026-03-04T10:00:00.000Z' },
  ];
  readonly withActions = signal(true);
  readonly columns = signal(['name', 'updatedAt', 'actions']);
  readonly sorted = signal<Sort | null>(null);
}

describe('UpdatedColumn and ActionsColumn', () => {
  it('add themselves to the table: the update time, sortable newest first, and a menu a row', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const table = await loader.getHarness(MatTableHarness);
    const [first] = await table.getRows();
    const cells = await first!.getCellTextByColumnName();
    expect(Object.keys(cells)).toEqual(['name', 'updatedAt', 'actions']);
    expect(cells['updatedAt']).toContain('2026');
    const time = (fixture.nativeElement as HTMLElement).querySelector('td time');
    expect(time?.getAttribute('datetime')).toBe('2026-01-02T10:00:00.000Z');

    const [updated] = await (await loader.getHarness(MatSortHarness)).getSortHeaders({ label: 'Updated' });
    await updated!.click();
    expect(fixture.componentInstance.sorted()).toEqual({ active: 'updatedAt', direction: 'desc' });

    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for Solar"]' }));
    await menu.open();
    expect(await (await menu.getItems())[0]!.getText()).toBe('Rename Solar');
    await menu.close();
  });

  it('leave the table when they go', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    fixture.componentInstance.columns.set(['name', 'updatedAt']);
    fixture.componentInstance.withActions.set(false);
    await fixture.whenStable();
    // A column the table still knew about could be asked for again; this one is gone.
    fixture.componentInstance.columns.set(['name', 'updatedAt', 'actions']);
    expect(() => fixture.detectChanges()).toThrowError(/actions/);
  });
});
