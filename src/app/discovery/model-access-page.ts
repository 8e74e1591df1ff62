import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { DiscoveryState } from './discovery-state';
import { modelLabel } from './model-route-guards';

/**
 * What /records/:model shows for a model the signed-in groups may not read: which rule of the
 * backend an admin group needs, from the model's own authorization rules. Never an empty table
 * that would look like there were no records.
 */
@Component({
  selector: 'app-model-access-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section class="notice">
      <mat-icon class="refused" aria-hidden="true">lock</mat-icon>
      <h1>{{ label() }}: not readable with your groups</h1>
      <p data-testid="model-access-reason">{{ reason() }}</p>
      <p>The backend refuses these records to you as well; an admin who changes the rule gives access.</p>
      <a mat-flat-button routerLink="/discovery">See what the console found</a>
    </section>
  `,
  styleUrl: '../shared/notice-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelAccessPage {
  private readonly discovery = inject(DiscoveryState);
  private readonly model = String(
    inject(ActivatedRoute)
      .pathFromRoot.map((r) => r.snapshot.paramMap.get('model'))
      .find((m) => m !== null) ?? '',
  );

  protected readonly label = computed(() => modelLabel(this.model, this.discovery.pluralNameOf(this.model)));
  protected readonly reason = computed(() => {
    const permissions = this.discovery.permissions(this.model);
    return (
      permissions.missing ?? permissions.readOnlyReason ?? `None of ${this.model}'s rules lets your groups read it.`
    );
  });
}
