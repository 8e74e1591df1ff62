import { BreakpointObserver } from '@angular/cdk/layout';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { BehaviorSubject, catchError, map, of, startWith, switchMap } from 'rxjs';
import { Session } from '../core/auth/session';
import { messageOf } from '../core/notify/notifier';
import type { AlbumList, PhotoAlbum } from './album';
import { AlbumActions } from './album-actions';
import { AlbumBulk, type AlbumBulkAction } from './album-bulk';
import { AlbumBulkDialog, type AlbumBulkDialogData } from './dialogs/album-bulk-dialog';
import { RowSelection } from '../jobs/row-selection';
import { AlbumFiles } from './album-files';
import { type AlbumSort, type AlbumSortKey, countLabel, filterAlbums, formatBytes, sortAlbums } from './album-format';
import { AlbumService } from './album-service';
import { AlbumThumb } from './album-thumb';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; list: AlbumList };

/** Thumbnails in a row's strip. */
const STRIP = 4;
const WIDE_COLUMNS = ['name', 'strip', 'count', 'size', 'updatedAt'];
const NARROW_COLUMNS = ['name', 'count'];

/** The albums table: live, sorted, searchable, paginated like the Songs table (storage asked for visible rows only). */
@Component({
  selector: 'app-albums-page',
  imports: [
    AlbumThumb,
    DatePipe,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    RouterLink,
  ],
  providers: [AlbumFiles],
  templateUrl: './albums-page.html',
  styleUrl: './albums-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumsPage {
  private readonly albums = inject(AlbumService);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly actions = inject(AlbumActions);
  protected readonly files = inject(AlbumFiles);
  private readonly bulk = inject(AlbumBulk);
  private readonly dialog = inject(MatDialog);

  private readonly reload$ = new BehaviorSubject<void>(undefined);
  protected readonly state = toSignal(
    this.reload$.pipe(
      switchMap(() =>
        this.albums.list().pipe(
          map((list): ListState => ({ status: 'ready', list })),
          catchError((err: unknown) => of<ListState>({ status: 'error', message: messageOf(err) })),
          startWith<ListState>({ status: 'loading' }),
        ),
      ),
    ),
    { requireSync: true },
  );

  protected readonly search = signal('');
  protected readonly sort = signal<AlbumSort>({ key: 'name', direction: 'asc' });
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);

  protected readonly all = computed(() => {
    const s = this.state();
    return s.status === 'ready' ? s.list.items : [];
  });
  protected readonly errorMessage = computed(() => {
    const s = this.state();
    return s.status === 'error' ? s.message : '';
  });
  protected readonly synced = computed(() => {
    const s = this.state();
    return s.status === 'ready' && s.list.synced;
  });
  protected readonly matching = computed(() => sortAlbums(filterAlbums(this.all(), this.search()), this.sort()));
  protected readonly page = computed(() => {
    const size = this.pageSize();
    const last = Math.max(0, Math.ceil(this.matching().length / size) - 1);
    const index = Math.min(this.pageIndex(), last);
    return { index, rows: this.matching().slice(index * size, (index + 1) * size) };
  });
  /** Ticked rows, named and run in the table's order (the search aside). */
  protected readonly selection = new RowSelection<PhotoAlbum>(
    computed(() => sortAlbums(this.all(), this.sort())),
    this.matching,
  );
  protected readonly pageSelection = computed(() => this.selection.stateOf(this.page().rows));
  protected readonly selectedWithImages = computed(() => this.selection.rows().filter((a) => a.imagePaths.length));
  /** Whether Shift was held when a row's checkbox was last pressed (for a range). */
  private shiftPress = false;
  private readonly visiblePaths = computed(() => this.page().rows.flatMap((a) => a.imagePaths), {
    equal: (a, b) => a.length === b.length && a.every((p, i) => p === b[i]),
  });

  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 719.98px)')
      .pipe(map((s) => s.matches)),
    { initialValue: false },
  );
  protected readonly columns = computed(() => {
    const base = this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS;
    return this.session.can('edit') ? ['select', ...base, 'actions'] : base;
  });

  protected readonly countLabel = countLabel;

  constructor() {
    this.files.follow(this.visiblePaths);
  }

  protected strip(album: PhotoAlbum): readonly string[] {
    return album.imagePaths.slice(0, STRIP);
  }

  /** Total size from storage: "…" while asking; missing files are counted apart. */
  protected sizeOf(album: PhotoAlbum): string {
    if (album.imagePaths.length === 0) return '—';
    const { bytes, pending } = this.files.total(album.imagePaths);
    return pending ? '…' : formatBytes(bytes);
  }

  protected missingIn(album: PhotoAlbum): number {
    return this.files.total(album.imagePaths).missing;
  }

  protected create(): void {
    this.actions.create().subscribe((album) => album && void this.router.navigate(['/albums', album.id]));
  }

  protected rename(album: PhotoAlbum): void {
    this.actions.rename(album).subscribe();
  }

  protected remove(album: PhotoAlbum): void {
    this.actions.delete(album, this.sizeOf(album).replace(/^[…—]$/, '')).subscribe();
  }

  protected rowPress(event: MouseEvent | KeyboardEvent): void {
    this.shiftPress = event.shiftKey;
  }

  protected rowChange(album: PhotoAlbum, checked: boolean): void {
    this.selection.set(album, checked, this.shiftPress);
    this.shiftPress = false;
  }

  /** Confirms (naming what is lost), then starts the bulk job at the app's root. */
  protected startBulk(kind: AlbumBulkAction['kind']): void {
    if (kind === 'delete' && !this.session.can('delete')) return;
    const albums = kind === 'detach' ? this.selectedWithImages() : this.selection.rows();
    if (albums.length === 0) return;
    this.dialog
      .open<AlbumBulkDialog, AlbumBulkDialogData, AlbumBulkAction>(AlbumBulkDialog, {
        data: { kind, albums },
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((action) => {
        if (!action) return;
        this.bulk.start(action, albums);
        this.selection.clear();
      });
  }

  protected onSearch(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
    this.pageIndex.set(0);
  }

  protected clearSearch(): void {
    this.search.set('');
    this.pageIndex.set(0);
  }

  protected onSort(sort: Sort): void {
    const key = (sort.direction ? sort.active : 'name') as AlbumSortKey;
    this.sort.set({ key, direction: sort.direction || 'asc' });
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected retry(): void {
    this.reload$.next();
  }

  protected trackAlbum(_: number, album: PhotoAlbum): string {
    return album.id;
  }
}
