import { Directive, type OnInit, type Signal, inject, input } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatSort, type Sort } from '@angular/material/sort';

/** The sort a report table keeps (ReportTable). */
export interface ReportSorting {
  readonly sort: Signal<Sort>;
  sortBy(sort: Sort): void;
}

/**
 * `matSort` for a report's table, kept by the report: the headers start from its sort, and a
 * click on one sorts it.
 */
@Directive({
  selector: 'table[appReportSort]',
  hostDirectives: [MatSort],
})
export class ReportSort implements OnInit {
  private readonly matSort = inject(MatSort);
  readonly appReportSort = input.required<ReportSorting>();

  constructor() {
    this.matSort.sortChange.pipe(takeUntilDestroyed()).subscribe((sort) => this.appReportSort().sortBy(sort));
  }

  ngOnInit(): void {
    const { active, direction } = this.appReportSort().sort();
    this.matSort.active = active;
    this.matSort.direction = direction;
  }
}
