import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { formatBytes } from '../shared/format/file-format';
import { OrphanScanner } from '../orphans/orphan-scanner';

interface Tile {
  readonly label: string;
  readonly value: string;
  readonly icon: string;
  readonly link: string;
  readonly query?: Record<string, string>;
  readonly warn?: boolean;
}

/** The dashboard: counts from the last orphan scan in this browser, each a link to its page. */
@Component({
  selector: 'app-scan-dashboard',
  imports: [DatePipe, MatCardModule, MatIconModule, RouterLink],
  templateUrl: './scan-dashboard.html',
  styleUrl: './scan-dashboard.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanDashboard {
  protected readonly summary = inject(OrphanScanner).summary;
  protected readonly tiles = computed<Tile[]>(() => {
    const s = this.summary();
    if (!s) return [];
    const t = s.totals;
    const n = (v: number | undefined) => (v ?? 0).toLocaleString('en');
    return [
      { label: 'Songs', value: n(t.records['Song']), icon: 'library_music', link: '/songs' },
      { label: 'Albums', value: n(t.records['PhotoAlbum']), icon: 'photo_library', link: '/albums' },
      { label: 'Files', value: n(t.files), icon: 'image', link: '/orphans' },
      { label: 'Stored', value: formatBytes(t.bytes), icon: 'folder_open', link: '/orphans' },
      { label: 'Orphan files', value: n(t.orphaned), icon: 'hide_image', link: '/orphans', warn: t.orphaned > 0 },
      {
        label: 'Dangling references',
        value: n(t.dangling),
        icon: 'link_off',
        link: '/orphans',
        query: { tab: 'dangling' },
        warn: t.dangling > 0,
      },
    ];
  });
}
