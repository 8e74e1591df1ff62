import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { formatBytes } from '../shared/format/file-format';
import { OrphanScanner } from '../orphans/orphan-scanner';
import { modelLabel, modelLink } from '../orphans/record-pages';
import { starterOf } from '../server-scan/scan-run';
import { ServerScan } from '../server-scan/server-scan';

interface Tile {
  readonly label: string;
  readonly value: string;
  readonly icon: string;
  readonly link: string[];
  readonly query?: Record<string, string>;
  readonly detail?: string;
  readonly warn?: boolean;
}

/**
 * The dashboard: counts from the server's shared report when the backend scans on the server, else
 * from the last orphan scan in this browser (records per model, files per storage prefix, orphans
 * and dangling references), each a link to its page.
 */
@Component({
  selector: 'app-scan-dashboard',
  imports: [DatePipe, MatCardModule, MatIconModule, RouterLink],
  templateUrl: './scan-dashboard.html',
  styleUrl: './scan-dashboard.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanDashboard {
  private readonly server = inject(ServerScan);
  private readonly browserSummary = inject(OrphanScanner).summary;
  protected readonly fromServer = computed(() => !!this.server.report()?.totals);
  protected readonly summary = computed(() => {
    const run = this.server.report();
    if (run?.totals) {
      return {
        scannedAt: run.finishedAt ?? run.startedAt,
        by: starterOf(run, this.server.me()),
        totals: run.totals,
        plurals: undefined,
      };
    }
    return this.browserSummary();
  });
  constructor() {
    this.server.watch();
  }

  protected readonly tiles = computed<Tile[]>(() => {
    const s = this.summary();
    if (!s) return [];
    const t = s.totals;
    const n = (v: number | undefined) => (v ?? 0).toLocaleString('en');
    const models = Object.entries(t.records).map(
      ([model, count]): Tile => ({
        label: modelLabel(model, s.plurals?.[model]),
        value: n(count),
        icon: 'folder_open',
        link: modelLink(model),
      }),
    );
    const prefixes = Object.entries(t.prefixes ?? {}).map(
      ([prefix, p]): Tile => ({
        label: `Files in ${prefix}`,
        value: n(p.files),
        icon: 'folder',
        link: ['/orphans'],
        detail: `${formatBytes(p.bytes)} · ${n(p.orphaned)} orphaned`,
        warn: p.orphaned > 0,
      }),
    );
    return [
      ...models,
      { label: 'Files', value: n(t.files), icon: 'image', link: ['/orphans'] },
      { label: 'Stored', value: formatBytes(t.bytes), icon: 'folder_open', link: ['/orphans'] },
      { label: 'Orphan files', value: n(t.orphaned), icon: 'hide_image', link: ['/orphans'], warn: t.orphaned > 0 },
      {
        label: 'Dangling references',
        value: n(t.dangling),
        icon: 'link_off',
        link: ['/orphans'],
        query: { tab: 'dangling' },
        warn: t.dangling > 0,
      },
      ...prefixes,
    ];
  });
}
