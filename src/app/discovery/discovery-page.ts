import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTableModule } from '@angular/material/table';
import type { FileFieldStatus } from './discovery-result';
import { discoveryView, STATUS_LABELS, type DiscoveryView } from './discovery-rows';
import { DiscoveryState } from './discovery-state';

/**
 * The start-up page of discovery: the file fields found in the backend and why, each model's
 * naming field, columns and what the signed-in groups may do, and what is ambiguous or wrong with
 * the console.config.json fragment or backend rule that settles it.
 */
@Component({
  selector: 'app-discovery-page',
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTableModule],
  templateUrl: './discovery-page.html',
  styleUrl: './discovery-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DiscoveryPage {
  private readonly state = inject(DiscoveryState);

  protected readonly view = computed<DiscoveryView | undefined>(() => {
    const inputs = this.state.inputs();
    const discovery = this.state.discovery();
    return inputs && discovery ? discoveryView(inputs, discovery) : undefined;
  });
  protected readonly sampleNotes = computed(() => this.state.inputs()?.sampleNotes ?? []);
  protected readonly failure = this.state.failure;
  protected readonly loading = computed(() => this.state.status() === 'running' || this.state.status() === 'idle');
  protected readonly fileColumns = ['name', 'kind', 'status', 'paths', 'keyTemplate', 'access', 'evidence'];
  protected readonly modelColumns = ['name', 'nameField', 'columns', 'fileFields', 'permissions'];

  constructor() {
    // Discovery runs on sign-in; this starts it should the page open first.
    void this.state.settled();
  }

  /** Mat-table rows are untyped in the template. */
  protected statusLabel(status: FileFieldStatus): string {
    return STATUS_LABELS[status];
  }

  protected load(): void {
    void this.state.run();
  }
}
