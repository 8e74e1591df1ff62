import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { recordLink } from './record-pages';

/** "Song s1": a record named by model and id, a link to its page when the console has one. */
@Component({
  selector: 'app-record-ref',
  imports: [RouterLink],
  template: `
    @if (link(); as target) {
      <a [routerLink]="target"
        >{{ model() }} <span class="id">{{ id() }}</span></a
      >
    } @else {
      {{ model() }} <span class="id">{{ id() }}</span>
    }
  `,
  styles: `
    .id {
      font-family: ui-monospace, monospace;
      font-size: 12px;
      word-break: break-all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordRef {
  readonly model = input.required<string | undefined>();
  readonly id = input.required<string>();
  protected readonly link = computed(() => recordLink(this.model(), this.id()));
}
