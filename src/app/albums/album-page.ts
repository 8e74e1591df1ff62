import { CdkDrag, CdkDragHandle, type CdkDragDrop, CdkDropList, moveItemInArray } from '@angular/cdk/drag-drop';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { type Observable, Subject, finalize, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { FileStates } from '../attachments/file-states';
import { Session } from '../core/auth/session';
import { Notifier } from '../core/notify/notifier';
import { DetailFrame } from '../shared/detail-frame';
import { type LiveRecord, followRecord } from '../shared/record-live';
import type { PhotoAlbum } from './album';
import { AlbumActions } from './album-actions';
import { AlbumDrop } from './album-drop';
import { countLabel } from './album-format';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { keptFilesOf, keptSentence } from '../attachments/kept-files';
import { MAX_IMAGES_PER_ALBUM } from './album-limits';
import { ALBUM_IMAGES, AlbumService } from './album-service';
import { AlbumThumb } from './album-thumb';
import { AlbumUploads } from './album-uploads';
import { AlbumViewer, type AlbumViewerData } from './album-viewer';
import { UploadList } from './upload-list';

/** One album: its gallery, adding (drop or picker), replace, remove, reorder (drag or keyboard), the viewer. */
@Component({
  selector: 'app-album-page',
  imports: [
    AlbumDrop,
    AlbumThumb,
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    DatePipe,
    DetailFrame,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatProgressBarModule,
    MatTooltipModule,
    UploadList,
  ],
  providers: [FileStates, AlbumUploads],
  // Files dropped beside the drop zone must not make the browser open them in place of the console.
  host: { '(dragover)': 'holdFiles($event)', '(drop)': 'holdFiles($event)' },
  templateUrl: './album-page.html',
  styleUrl: './album-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumPage {
  private readonly albums = inject(AlbumService);
  private readonly engine = inject(AttachmentEngine);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly session = inject(Session);
  protected readonly actions = inject(AlbumActions);
  protected readonly files = inject(FileStates);
  /** The add batch; public for the leave guard, which asks before leaving while it runs. */
  readonly uploads = inject(AlbumUploads);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly reload$ = new Subject<void>();
  protected readonly view = toSignal(
    toObservable(this.id).pipe(
      switchMap((id) =>
        this.reload$.pipe(
          startWith(undefined),
          switchMap(() => followRecord(this.albums, id).pipe(startWith<LiveRecord<PhotoAlbum>>({ status: 'loading' }))),
        ),
      ),
      takeUntilDestroyed(),
    ),
    { initialValue: { status: 'loading' } as LiveRecord<PhotoAlbum> },
  );
  /**
   * The newest version this page got from its own requests: what a write returned, or the read after
   * a conflict. The realtime change catches up a moment later.
   */
  private readonly written = signal<PhotoAlbum | null>(null);
  /** The order shown while a reorder is being saved. */
  private readonly pendingOrder = signal<readonly string[] | null>(null);

  protected readonly album = computed(() => {
    const v = this.view();
    if (v.status !== 'ready' || !v.record) return null;
    const mine = this.written();
    return mine?.id === v.record.id && mine.updatedAt > v.record.updatedAt ? mine : v.record;
  });
  /** Named by the leave guard's question. */
  readonly albumName = computed(() => this.album()?.name ?? '');
  protected readonly errorMessage = computed(() => {
    const v = this.view();
    return v.status === 'error' ? v.message : '';
  });
  protected readonly paths = computed(() => this.pendingOrder() ?? this.album()?.imagePaths ?? []);
  protected readonly totals = computed(() => this.files.total(this.paths()));
  protected readonly canEdit = computed(() => this.session.can('edit'));

  /** Path being replaced, and its progress (0..1). */
  protected readonly replacing = signal<{ path: string; progress: number } | null>(null);
  protected readonly busy = signal(false);
  /** Said to screen readers after a keyboard move. */
  protected readonly announcement = signal('');
  private replaceTarget: string | null = null;

  protected readonly fileNameOf = fileNameOf;
  protected readonly formatBytes = formatBytes;
  protected readonly countLabel = countLabel;
  protected readonly max = MAX_IMAGES_PER_ALBUM;

  constructor() {
    // One listing of the album's folder answers for all its images, again after each change.
    this.files.follow(
      computed(() => {
        const album = this.album();
        return album ? [{ id: album.id, version: album.updatedAt, paths: this.paths() }] : [];
      }),
    );
  }

  protected retry(): void {
    this.reload$.next();
  }

  protected add(files: File[]): void {
    const album = this.album();
    if (album) this.uploads.start(album, files, (updated) => this.written.set(updated));
  }

  protected holdFiles(event: DragEvent): void {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  }

  protected pickReplacement(path: string, input: HTMLInputElement): void {
    this.replaceTarget = path;
    input.value = '';
    input.click();
  }

  protected replaceChosen(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    const album = this.album();
    const path = this.replaceTarget;
    if (!file || !album || !path) return;
    this.replacing.set({ path, progress: 0 });
    this.albums
      .replaceImage(album, path, file)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (step) => {
          if (step.type === 'progress') {
            this.replacing.set({ path, progress: step.total ? step.sent / step.total : 0 });
            return;
          }
          this.written.set(step.value);
          this.files.forget(path);
          this.replacing.set(null);
          const kept = keptSentence(ALBUM_IMAGES, album, keptFilesOf(step.value));
          this.notifier.success(`Replaced “${fileNameOf(path)}” with “${file.name}”.${kept ? ` ${kept}` : ''}`);
        },
        error: (err: unknown) => {
          this.replacing.set(null);
          this.failed(err);
        },
      });
  }

  protected remove(path: string): void {
    const album = this.album();
    if (!album) return;
    const missing = this.files.state(path) === null;
    this.actions
      .confirm({
        title: missing ? 'Drop the missing file’s reference?' : `Remove “${fileNameOf(path)}”?`,
        message: missing
          ? `The album points at “${fileNameOf(path)}”, which is not in storage. Dropping the reference removes it from the album.`
          : `It is removed from “${album.name}” and its file is deleted from storage. This cannot be undone.`,
        confirm: missing ? 'Drop reference' : 'Remove image',
        cancel: 'Keep it',
      })
      .subscribe(
        (yes) =>
          yes &&
          this.run(
            this.albums.removeImage(album, path),
            missing ? 'Reference dropped.' : `Removed “${fileNameOf(path)}”.`,
          ),
      );
  }

  protected drop(event: CdkDragDrop<readonly string[]>): void {
    this.move(event.previousIndex, event.currentIndex);
  }

  /** Keyboard reorder on a focused tile: Alt+←/→ one place, Alt+Home/End to the ends. */
  protected onTileKey(event: KeyboardEvent, index: number): void {
    if (!event.altKey || !this.canEdit()) return;
    const last = this.paths().length - 1;
    const to = {
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      Home: 0,
      End: last,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    if (to < 0 || to > last || to === index) return;
    this.move(index, to, true);
  }

  protected move(from: number, to: number, announce = false): void {
    const album = this.album();
    if (!album || from === to || this.busy()) return;
    const order = [...this.paths()];
    moveItemInArray(order, from, to);
    this.pendingOrder.set(order);
    if (announce) {
      this.announcement.set(`Moved “${fileNameOf(order[to]!)}” to position ${to + 1} of ${order.length}.`);
      queueMicrotask(() => document.getElementById(`tile-${to}`)?.focus());
    }
    this.run(this.albums.reorder(album, order).pipe(finalize(() => this.pendingOrder.set(null))));
  }

  protected open(index: number): void {
    const album = this.album();
    if (!album) return;
    this.dialog.open<AlbumViewer, AlbumViewerData>(AlbumViewer, {
      data: { albumName: album.name, paths: this.paths(), index, files: this.files },
      maxWidth: '100vw',
      width: 'min(1100px, 100vw)',
      panelClass: 'app-album-viewer',
      ariaLabel: `Images of ${album.name}`,
    });
  }

  protected download(path: string): void {
    this.engine.download(path).subscribe({ error: (err: unknown) => this.notifier.error(err) });
  }

  protected rename(album: PhotoAlbum): void {
    this.actions.rename(album).subscribe((renamed) => renamed && this.written.set(renamed));
  }

  protected deleteAlbum(album: PhotoAlbum): void {
    const size = this.totals().pending ? undefined : formatBytes(this.totals().bytes);
    this.actions.delete(album, size).subscribe((deleted) => deleted && void this.router.navigate(['/albums']));
  }

  /** Runs a change of the album: busy meanwhile, the result shown, a failure explained. */
  /** Runs a change of the album; on success says so, and names any file kept because another record uses it. */
  private run(work: Observable<PhotoAlbum>, success?: string): void {
    this.busy.set(true);
    let kept = '';
    work.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (updated) => {
        kept = keptSentence(ALBUM_IMAGES, updated, keptFilesOf(updated));
        this.written.set(updated);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.failed(err);
      },
      complete: () => {
        this.busy.set(false);
        if (kept) this.notifier.success(success ? `${success} ${kept}` : kept);
        else if (success) this.notifier.success(success);
      },
    });
  }

  /**
   * Says what went wrong. After a conflict the album is read once, so the page shows the other
   * change at once, as the message says, even before its realtime change arrives.
   */
  private failed(err: unknown): void {
    this.notifier.error(err);
    if (!(err instanceof AttachmentError) || (err.kind !== 'conflict' && err.kind !== 'invalid-input')) return;
    this.albums
      .get(this.id())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (current) => current && this.written.set(current),
        error: () => undefined, // its realtime change still brings it
      });
  }
}
