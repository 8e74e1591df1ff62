import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { AppConfig } from './app-config';

/** Shown instead of the console when amplify_outputs.json is missing or unusable. */
@Component({
  selector: 'app-setup-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule],
  templateUrl: './setup-page.html',
  styleUrl: './setup-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetupPage {
  private readonly config = inject(AppConfig);
  protected readonly state = this.config.state;
  protected readonly title = computed(() =>
    this.state().status === 'invalid' ? 'The backend configuration is not usable' : 'No backend configured',
  );
  protected readonly detail = computed(() => {
    const s = this.state();
    return s.status === 'missing' || s.status === 'invalid' ? s.detail : '';
  });

  protected retry(): void {
    void this.config.load();
  }
}
