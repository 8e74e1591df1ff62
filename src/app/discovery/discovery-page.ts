import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTableModule } from '@angular/material/table';
import { discoveryView, STATUS_LABELS, type DiscoveryView } from './discovery-rows';
import { DISCOVERY_SOURCE } from './discovery-source';

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
  private readonly source = inject(DISCOVERY_SOURCE);

  protected readonly view = signal<DiscoveryView | undefined>(undefined);
  protected readonly sampleNotes = signal<readonly string[]>([]);
  protected readonly failure = signal('');
  protected readonly loading = signal(true);
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly fileColumns = ['name', 'kind', 'status', 'paths', 'keyTemplate', 'access', 'evidence'];
  protected readonly modelColumns = ['name', 'nameField', 'columns', 'fileFields', 'permissions'];

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.failure.set('');
    try {
      const inputs = await this.source.load();
      this.view.set(discoveryView(inputs));
      this.sampleNotes.set(inputs.sampleNotes);
    } catch (err) {
      this.failure.set(`Discovery could not read the backend: ${(err as Error).message}`);
    } finally {
      this.loading.set(false);
    }
  }
}
