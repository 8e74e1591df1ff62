import { BreakpointObserver } from '@angular/cdk/layout';
import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
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
import type { Song, SongList } from './song';
import { SongActions } from './song-actions';
import { SongBulk, type SongBulkAction } from './song-bulk';
import { RowSelection } from '../jobs/row-selection';
import { SongCover } from './song-cover';
import { fileNameOf, formatBytes, typeLabel } from './song-format';
import { filterSongs, searchable, sortSongs, type SongSort, type SongSortKey } from './song-query';
import { SongService } from './song-service';
import { VisibleFiles } from './visible-files';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; list: SongList };

const WIDE_COLUMNS = ['cover', 'name', 'file', 'size', 'type', 'updatedAt'];
const NARROW_COLUMNS = ['cover', 'name'];

/**
 * The Songs table. Paginated rather than virtually scrolled: the page bounds the rows in the DOM
 * and the storage requests (signed URLs, metadata) to what is on screen, mat-table and screen
 * readers see a plain table, and the paginator says where you are in 10,000 songs.
 */
@Component({
  selector: 'app-songs-page',
  imports: [
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
    SongCover,
  ],
  providers: [VisibleFiles],
  templateUrl: './songs-page.html',
  styleUrl: './songs-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SongsPage {
  private readonly songs = inject(SongService);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly actions = inject(SongActions);
  protected readonly files = inject(VisibleFiles);
  private readonly bulk = inject(SongBulk);

  /** Route data: `songs/new` opens the create dialog over the table. */
  readonly openCreate = input(false);

  private readonly reload$ = new BehaviorSubject<void>(undefined);
  protected readonly state = toSignal(
    this.reload$.pipe(
      switchMap(() =>
        this.songs.list().pipe(
          map((list): ListState => ({ status: 'ready', list })),
          catchError((err: unknown) => of<ListState>({ status: 'error', message: messageOf(err) })),
          startWith<ListState>({ status: 'loading' }),
        ),
      ),
    ),
    { requireSync: true },
  );

  protected readonly search = signal('');
  protected readonly sort = signal<SongSort>({ key: 'name', direction: 'asc' });
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);

  private readonly all = computed(() => {
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
  // Sorted when the list or the sort changes, filtered per keystroke: typing never re-sorts 10,000 songs.
  private readonly sorted = computed(() => searchable(sortSongs(this.all(), this.sort())));
  protected readonly matching = computed(() => filterSongs(this.sorted(), this.search()));
  /** The page shown, clamped when live updates or a search shrink the list. */
  protected readonly page = computed(() => {
    const size = this.pageSize();
    const last = Math.max(0, Math.ceil(this.matching().length / size) - 1);
    const index = Math.min(this.pageIndex(), last);
    return { index, rows: this.matching().slice(index * size, (index + 1) * size) };
  });
  /** Every song in the table's order (the search aside): the order a selection is named and run in. */
  private readonly ordered = computed(() => this.sorted().map((s) => s.song));
  protected readonly selection = new RowSelection<Song>(this.ordered, this.matching);
  protected readonly pageSelection = computed(() => this.selection.stateOf(this.page().rows));
  protected readonly selectedWithCover = computed(() => this.selection.rows().filter((s) => s.coverArtPath).length);
  /**
   * Whether Shift was held when a row's checkbox was last pressed (its change event follows; the
   * checkbox keeps its click events to itself).
   */
  private shiftClick = false;
  private readonly visiblePaths = computed(
    () => this.page().rows.flatMap((s) => (s.coverArtPath ? [s.coverArtPath] : [])),
    { equal: (a, b) => a.length === b.length && a.every((p, i) => p === b[i]) },
  );

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

  protected readonly fileNameOf = fileNameOf;
  protected readonly formatBytes = formatBytes;

  constructor() {
    this.files.follow(this.visiblePaths);
    // `songs/new`: open the create dialog, and come back to the table when it closes.
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      if (!this.openCreate()) return;
      this.actions
        .create()
        .pipe(takeUntilDestroyed(destroyRef))
        .subscribe((song) => void this.router.navigate(song ? ['/songs', song.id] : ['/songs']));
    });
  }

  /** Size from storage: "…" while asking, "—" when the file is missing. */
  protected sizeOf(song: Song): string {
    if (!song.coverArtPath) return '';
    const info = this.files.state(song.coverArtPath);
    if (info === undefined) return '…';
    if (info === null || info === 'error') return '—';
    return formatBytes(info.size);
  }

  protected typeOf(song: Song): string {
    if (!song.coverArtPath) return '';
    const info = this.files.state(song.coverArtPath);
    const ext = fileNameOf(song.coverArtPath).split('.').pop()?.toUpperCase() ?? '';
    return info && info !== 'error' ? typeLabel(info.contentType) || ext : ext;
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
    const key = (sort.direction ? sort.active : 'name') as SongSortKey;
    this.sort.set({ key, direction: sort.direction || 'asc' });
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected rowPress(event: MouseEvent | KeyboardEvent): void {
    this.shiftClick = event.shiftKey;
  }

  protected rowChange(song: Song, checked: boolean): void {
    this.selection.set(song, checked, this.shiftClick);
    this.shiftClick = false;
  }

  /** Confirms, then starts the bulk job (it runs at the app's root) and clears the selection. */
  protected startBulk(kind: SongBulkAction['kind']): void {
    if (kind === 'delete' && !this.session.can('delete')) return;
    const songs = kind === 'detach' ? this.selection.rows().filter((s) => s.coverArtPath) : this.selection.rows();
    if (songs.length === 0) return;
    this.actions.confirmBulk(kind, songs).subscribe((action) => {
      if (!action) return;
      this.bulk.start(action, songs);
      this.selection.clear();
    });
  }

  protected retry(): void {
    this.reload$.next();
  }

  protected trackSong(_: number, song: Song): string {
    return song.id;
  }
}
