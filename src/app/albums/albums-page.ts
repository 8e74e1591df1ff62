import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { FileStates } from '../attachments/file-states';
import { Session } from '../core/auth/session';
import { RECORD_LIST } from '../shared/record-list/record-list';
import { RecordListState, type RecordNouns } from '../shared/record-list/record-list-state';
import { RowSignals } from '../shared/record-list/row-signals';
import type { PhotoAlbum } from './album';
import { AlbumActions } from './album-actions';
import { AlbumBulk, type AlbumBulkAction } from './album-bulk';
import { AlbumBulkDialog, type AlbumBulkDialogData } from './dialogs/album-bulk-dialog';
import { type AlbumSortKey, countLabel, filterAlbums, sortAlbums } from './album-format';
import { formatBytes } from '../shared/format/file-format';
import { AlbumService } from './album-service';
import { AlbumThumb } from './album-thumb';

const NOUNS: RecordNouns = { one: 'album', many: 'albums' };

/** Thumbnails in a row's strip. */
const STRIP = 4;
const WIDE_COLUMNS = ['name', 'strip', 'count', 'size', 'updatedAt'];
const NARROW_COLUMNS = ['name', 'count'];

/** What an album's row shows from storage: its total size and how many of its files are missing. */
interface AlbumFacts {
  readonly size: string;
  readonly missing: number;
}
/** What a thumbnail waits for: storage's word on whether its file exists. */
type ThumbFacts = 'waiting' | 'missing' | 'answered';

/** The albums table: live, sorted, searchable, paginated like the Songs table (storage asked for visible rows only). */
@Component({
  selector: 'app-albums-page',
  imports: [
    RECORD_LIST,
    AlbumThumb,
    DatePipe,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
  ],
  providers: [FileStates],
  templateUrl: './albums-page.html',
  styleUrl: './albums-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumsPage {
  private readonly albums = inject(AlbumService);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly actions = inject(AlbumActions);
  protected readonly files = inject(FileStates);
  private readonly bulk = inject(AlbumBulk);
  private readonly dialog = inject(MatDialog);

  protected readonly nouns = NOUNS;
  protected readonly list = new RecordListState<PhotoAlbum, AlbumSortKey>({
    load: (query) => this.albums.pages(query),
    order: (albums, sort) => {
      const rows = sortAlbums(albums, sort);
      return { rows, match: (search) => filterAlbums(rows, search) };
    },
    defaultSort: 'name',
    columns: { wide: WIDE_COLUMNS, narrow: NARROW_COLUMNS },
    editable: () => this.session.can('edit'),
    filesOf: (album) => album.imagePaths,
  });
  protected readonly selectedWithImages = computed(() => this.list.selection.rows().filter((a) => a.imagePaths.length));

  protected readonly countLabel = countLabel;
  /** Per row and per thumbnail, so a storage answer redraws the rows it concerns; new for each page. */
  private readonly rowSignals = computed(() => {
    this.list.page();
    return {
      albums: new RowSignals<AlbumFacts>((a, b) => a.size === b.size && a.missing === b.missing),
      thumbs: new RowSignals<ThumbFacts>((a, b) => a === b),
    };
  });

  constructor() {
    this.files.follow(this.list.visibleFiles);
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

  protected facts(album: PhotoAlbum): AlbumFacts {
    return this.rowSignals().albums.of(album.id, () => ({
      size: this.sizeOf(album),
      missing: this.files.total(album.imagePaths).missing,
    }));
  }

  protected thumb(path: string): ThumbFacts {
    return this.rowSignals().thumbs.of(path, () => {
      const state = this.files.state(path);
      return state === undefined ? 'waiting' : state === null ? 'missing' : 'answered';
    });
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

  /** Confirms (naming what is lost), then starts the bulk job at the app's root. */
  protected startBulk(kind: AlbumBulkAction['kind']): void {
    if (kind === 'delete' && !this.session.can('delete')) return;
    const albums = kind === 'detach' ? this.selectedWithImages() : this.list.selection.rows();
    // Every album matching on the server: the job reads them page by page (the loaded are among them).
    const search = this.list.allOnServer() ? this.list.search() : null;
    if (albums.length === 0 && search === null) return;
    this.dialog
      .open<AlbumBulkDialog, AlbumBulkDialogData, AlbumBulkAction>(AlbumBulkDialog, {
        data: { kind, albums, ...(search === null ? {} : { allMatching: { search } }) },
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((action) => {
        if (!action) return;
        this.bulk.start(action, search === null ? albums : { search });
        this.list.selection.clear();
      });
  }
}
