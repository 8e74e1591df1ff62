import { CdkTable } from '@angular/cdk/table';
import { Directive, type OnDestroy, type OnInit, inject, viewChild } from '@angular/core';
import { MatCellDef, MatColumnDef, MatHeaderCellDef } from '@angular/material/table';

/**
 * A column that lives in a component of its own: placed inside a `mat-table`, it adds its
 * `matColumnDef` to the table's columns (as Material's text column does) and takes it out again
 * when it goes.
 */
@Directive()
export abstract class TableColumn implements OnInit, OnDestroy {
  private readonly table = inject(CdkTable);
  private readonly column = viewChild.required(MatColumnDef);
  private readonly cell = viewChild.required(MatCellDef);
  private readonly headerCell = viewChild.required(MatHeaderCellDef);

  ngOnInit(): void {
    // The column's own content queries may not have run yet; the table needs its cells now.
    const column = this.column();
    column.cell = this.cell();
    column.headerCell = this.headerCell();
    this.table.addColumnDef(column);
  }

  ngOnDestroy(): void {
    this.table.removeColumnDef(this.column());
  }
}
