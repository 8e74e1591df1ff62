import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { BehaviorSubject, catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine, type FileInfo } from '../attachments/attachment-engine';
import { Session } from '../core/auth/session';
import { Notifier } from '../core/notify/notifier';
import { DetailFrame } from '../shared/detail-frame';
import { type LiveRecord, followRecord } from '../shared/record-live';
import type { Song } from './song';
import { SongActions } from './song-actions';
import { SongCover } from './song-cover';
import { typeLabel } from './song-format';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { SongService } from './song-service';
import { lookUpFile } from '../attachments/look-up-file';

type FileView = { status: 'loading' } | { status: 'error' } | { status: 'ready'; info: FileInfo | null };

/** One song: its cover at full size, the file's metadata, download, and the edit actions. */
@Component({
  selector: 'app-song-detail-page',
  imports: [DatePipe, DetailFrame, MatButtonModule, MatIconModule, MatTooltipModule, SongCover],
  templateUrl: './song-detail-page.html',
  styleUrl: './song-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SongDetailPage {
  private readonly songs = inject(SongService);
  private readonly engine = inject(AttachmentEngine);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly actions = inject(SongActions);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  /** Subscribe again ("try again" after a failure); the page keeps what it shows meanwhile. */
  private readonly refresh$ = new BehaviorSubject<void>(undefined);
  /**
   * The song, live: one read, then the song's own realtime changes (never the whole list), so
   * another operator's rename, cover change or delete shows without a reload.
   */
  protected readonly loaded = toSignal(
    toObservable(this.id).pipe(
      switchMap((id) =>
        this.refresh$.pipe(
          switchMap(() => followRecord(this.songs, id)),
          startWith<LiveRecord<Song>>({ status: 'loading' }),
        ),
      ),
    ),
    { initialValue: { status: 'loading' } as LiveRecord<Song> },
  );
  protected readonly song = computed(() => {
    const l = this.loaded();
    return l.status === 'ready' ? l.record : null;
  });
  /** The song was on screen and has been deleted meanwhile. */
  protected readonly gone = computed(() => {
    const l = this.loaded();
    return l.status === 'ready' && l.gone;
  });
  protected readonly errorMessage = computed(() => {
    const l = this.loaded();
    return l.status === 'error' ? l.message : '';
  });
  protected readonly file = toSignal(
    toObservable(computed(() => this.song()?.coverArtPath ?? null)).pipe(
      switchMap((path) =>
        path
          ? lookUpFile(this.engine, path, { withType: true }).pipe(
              map((info): FileView => ({ status: 'ready', info })),
              catchError(() => of<FileView>({ status: 'error' })),
              startWith<FileView>({ status: 'loading' }),
            )
          : of<FileView>({ status: 'ready', info: null }),
      ),
    ),
    { initialValue: { status: 'loading' } as FileView },
  );
  protected readonly missing = computed(() => {
    const f = this.file();
    return !!this.song()?.coverArtPath && f.status === 'ready' && f.info === null;
  });
  protected readonly info = computed(() => {
    const f = this.file();
    return f.status === 'ready' ? f.info : null;
  });
  protected readonly downloading = signal(false);

  protected readonly fileNameOf = fileNameOf;
  protected readonly formatBytes = formatBytes;
  protected readonly typeLabel = typeLabel;

  protected retry(): void {
    this.refresh$.next();
  }

  protected download(path: string): void {
    this.downloading.set(true);
    this.engine.download(path).subscribe({
      complete: () => {
        this.downloading.set(false);
        this.notifier.success(`Download of ${fileNameOf(path)} started`);
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.notifier.error(err);
      },
    });
  }

  // The page follows the song's realtime changes, so what a dialog changed shows without fetching again.
  protected rename(song: Song): void {
    this.actions.rename(song).subscribe();
  }

  protected setCover(song: Song): void {
    this.actions.setCover(song).subscribe();
  }

  protected detach(song: Song): void {
    this.actions.detach(song).subscribe((result) => {
      if (result?.kind === 'deleted') void this.router.navigate(['/songs']);
    });
  }

  protected delete(song: Song): void {
    this.actions.delete(song).subscribe((deleted) => {
      if (deleted) void this.router.navigate(['/songs']);
    });
  }
}
