import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  afterNextRender,
  computed,
  inject,
  input,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { FileStates } from '../attachments/file-states';
import { Session } from '../core/auth/session';
import { RECORD_LIST } from '../shared/record-list/record-list';
import { RecordListState, type RecordNouns } from '../shared/record-list/record-list-state';
import type { Song } from './song';
import { SongActions } from './song-actions';
import { SongBulk, type SongBulkAction } from './song-bulk';
import { SongCover } from './song-cover';
import { fileNameOf } from '../shared/format/file-format';
import { type CoverFacts, CoverFactsCache } from './song-cover-facts';
import { filterSongs, searchable, sortSongs, type SongSortKey } from './song-query';
import { SongService } from './song-service';

const NOUNS: RecordNouns = { one: 'song', many: 'songs' };
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
    RECORD_LIST,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    RouterLink,
    SongCover,
  ],
  providers: [FileStates],
  templateUrl: './songs-page.html',
  styleUrl: './songs-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SongsPage {
  private readonly songs = inject(SongService);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly actions = inject(SongActions);
  protected readonly files = inject(FileStates);
  private readonly bulk = inject(SongBulk);

  /** Route data: `songs/new` opens the create dialog over the table. */
  readonly openCreate = input(false);

  protected readonly nouns = NOUNS;
  protected readonly list = new RecordListState<Song, SongSortKey>({
    load: (query) => this.songs.pages(query),
    // Sorted when the list or the sort changes, filtered per keystroke: typing never re-sorts 10,000 songs.
    order: (songs, sort) => {
      const sorted = searchable(sortSongs(songs, sort));
      return { rows: sorted.map((s) => s.song), match: (search) => filterSongs(sorted, search) };
    },
    defaultSort: 'name',
    columns: { wide: WIDE_COLUMNS, narrow: NARROW_COLUMNS },
    editable: () => this.session.can('edit'),
    filesOf: (song) => (song.coverArtPath ? [song.coverArtPath] : []),
  });
  protected readonly selectedWithCover = computed(
    () => this.list.selection.rows().filter((s) => s.coverArtPath).length,
  );

  protected readonly fileNameOf = fileNameOf;
  /** A fresh cache for each page shown, so the covers of pages left behind are let go. */
  private readonly coverCache = computed(() => {
    this.list.page();
    return new CoverFactsCache((path) => this.files.state(path));
  });

  constructor() {
    // Listings carry no content type: files on screen get a HEAD for it only while the Type column shows.
    this.files.follow(this.list.visibleFiles, { types: computed(() => this.list.columns().includes('type')) });
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

  /** What a row shows of its cover in storage (missing, waiting, size, type). */
  protected cover(path: string | null): CoverFacts {
    return this.coverCache().of(path);
  }

  /** Confirms, then starts the bulk job (it runs at the app's root) and clears the selection. */
  protected startBulk(kind: SongBulkAction['kind']): void {
    if (kind === 'delete' && !this.session.can('delete')) return;
    const selected = this.list.selection.rows();
    const songs = kind === 'detach' ? selected.filter((s) => s.coverArtPath) : selected;
    // Every song matching on the server: the job reads them page by page (the loaded are among them).
    const search = this.list.allOnServer() ? this.list.search() : null;
    if (songs.length === 0 && search === null) return;
    this.actions.confirmBulk(kind, songs, search === null ? undefined : { search }).subscribe((action) => {
      if (!action) return;
      this.bulk.start(action, search === null ? songs : { search });
      this.list.selection.clear();
    });
  }
}
