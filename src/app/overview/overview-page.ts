import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { AppConfig } from '../core/config/app-config';
import { ROLE_LABELS } from '../core/auth/roles';
import { Session } from '../core/auth/session';
import { ServerScan } from '../server-scan/server-scan';
import { ServerScanStatus } from '../server-scan/server-scan-status';
import { ScanDashboard } from './scan-dashboard';
import { ScanHistory } from './scan-history';

interface Capability {
  label: string;
  allowed: boolean;
}

/**
 * Landing page: the dashboard (counts from the shared report, or the last orphan scan in this
 * browser), the shared report's state and history, who you are, what your role lets you do, and
 * which backend answers.
 */
@Component({
  selector: 'app-overview-page',
  imports: [MatCardModule, MatIconModule, ScanDashboard, ScanHistory, ServerScanStatus],
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverviewPage {
  protected readonly session = inject(Session);
  protected readonly server = inject(ServerScan);
  private readonly config = inject(AppConfig);

  protected readonly roleNames = computed(() => this.session.roles().map((r) => ROLE_LABELS[r]));
  protected readonly capabilities = computed<Capability[]>(() => {
    this.session.roles();
    return [
      {
        label: 'Browse records, preview and download files, run the orphan report',
        allowed: this.session.can('browse'),
      },
      { label: 'Create and edit records; attach, replace and detach files', allowed: this.session.can('edit') },
      {
        label: 'Delete records, bulk delete, clean up orphans and dangling references',
        allowed: this.session.can('delete'),
      },
    ];
  });
  protected readonly backend = computed(() => {
    const state = this.config.state();
    if (state.status !== 'ready') return null;
    const o = state.outputs as {
      data?: { url?: string };
      storage?: { bucket_name?: string };
      auth?: { user_pool_id?: string };
    };
    return {
      kind: state.local ? 'Local backend (this repository)' : 'AWS Amplify backend',
      region: state.region ?? '—',
      userPool: o.auth?.user_pool_id ?? '—',
      api: o.data?.url ?? 'not configured',
      bucket: o.storage?.bucket_name ?? 'not configured',
    };
  });
}
