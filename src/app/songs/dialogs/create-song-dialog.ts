import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AttachmentEngine } from '../../attachments/attachment-engine';
import { Reachability } from '../../core/backend/reachability';
import { Notifier } from '../../core/notify/notifier';
import type { Song } from '../song';
import { formatBytes } from '../../shared/format/file-format';
import { SongService } from '../song-service';
import { MAX_TITLE_LENGTH, validTitle } from '../song-title';
import { ActionError } from './action-error';
import { CoverPicker } from './cover-picker';
import { Run } from './run';

/** A new song: a title and, optionally, its cover. */
@Component({
  selector: 'app-create-song-dialog',
  imports: [
    ActionError,
    CoverPicker,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
  ],
  templateUrl: './create-song-dialog.html',
  styleUrl: './dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateSongDialog {
  private readonly songs = inject(SongService);
  private readonly engine = inject(AttachmentEngine);
  private readonly notifier = inject(Notifier);
  private readonly ref = inject<MatDialogRef<CreateSongDialog, Song>>(MatDialogRef);

  protected readonly maxLength = MAX_TITLE_LENGTH;
  protected readonly title = new FormControl('', {
    nonNullable: true,
    validators: [validTitle],
  });
  protected readonly form = new FormGroup({ title: this.title });
  private readonly titleValue = toSignal(this.title.valueChanges, { initialValue: '' });
  protected readonly titleLength = computed(() => [...this.titleValue().trim()].length);
  protected readonly file = signal<File | null>(null);
  protected readonly invalidFile = computed(() => {
    const file = this.file();
    return file ? this.engine.validate(file) : null;
  });
  private readonly reachability = inject(Reachability);
  /** An unreachable backend is shown in the dialog and reported, so the shell shows its banner and retries. */
  protected readonly run = new Run((e) => e.kind === 'unavailable' && this.reachability.report());
  protected readonly formatBytes = formatBytes;

  constructor() {
    effect(() => (this.ref.disableClose = this.run.busy()));
    inject(DestroyRef).onDestroy(() => this.run.cancel());
  }

  protected save(): void {
    this.title.markAsTouched();
    if (this.title.invalid || this.invalidFile() || this.run.busy()) return;
    const name = this.title.value.trim();
    this.run.start(this.songs.create(name, this.file() ?? undefined), (song) => {
      this.notifier.success(`Song “${song.name}” created`);
      this.ref.close(song);
    });
  }

  protected cancelUpload(): void {
    this.run.cancel('Canceled while saving. Check the list: the song may exist without its cover.');
  }

  protected close(): void {
    this.run.cancel();
    this.ref.close();
  }
}
