import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { type Subscription, catchError, defer, filter, map, of, tap } from 'rxjs';
import { RETENTION_DAYS } from '../../../amplify/storage/retention';
import { AttachmentError } from '../attachments/attachment-error';
import { ACTION_LABELS } from '../audit/audit-event';
import { Notifier } from '../core/notify/notifier';
import { usableFileFields } from '../discovery/discovery-result';
import { DiscoveryState } from '../discovery/discovery-state';
import { note, skip } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { displayName } from '../records/record-model';
import { RecordModels } from '../records/record-models';
import { USER_API } from '../users/user-api';
import { formatBytes } from '../shared/format/file-format';
import type { DeletedFile, FileOwner } from './deleted-file';
import { DeletedFiles } from './deleted-files';
import { RestoreDeleted } from './restore-deleted';
import { RestoreDialog, type RestoreDialogData } from './restore-dialog';

export const DELETED_PAGE_SIZE = 50;
const PEOPLE_LISTED = 60;

/** What the filters leave of the list: model, job and text (path, person, record). */
export interface DeletedFilter {
  readonly model: string;
  readonly job: string;
  readonly text: string;
}

/** Whether a deleted file passes the filter. */
export function matches(file: DeletedFile, f: DeletedFilter): boolean {
  if (f.model && !file.owners.some((o) => o.model === f.model)) return false;
  if (f.job && file.jobId !== f.job) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  const said = [file.path, file.actor ?? 'outside the console', ...file.owners.flatMap((o) => [o.model, o.recordId])];
  return said.some((s) => s.toLowerCase().includes(text));
}

/**
 * Recently deleted (ADMINS): every file deleted within the retention period under the file
 * fields' paths, by the console or anything else, with who deleted it and the record it belonged
 * to. Restoring one, a selection or everything a job deleted runs as a job; nothing newer is
 * ever overwritten.
 */
@Component({
  selector: 'app-recently-deleted-page',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
  ],
  templateUrl: './recently-deleted-page.html',
  styleUrl: './recently-deleted-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecentlyDeletedPage {
  private readonly deleted = inject(DeletedFiles);
  private readonly restorer = inject(RestoreDeleted);
  private readonly discovery = inject(DiscoveryState);
  private readonly runner = inject(JobRunner);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly models = inject(RecordModels);
  private readonly users = inject(USER_API);
  /** Usernames to emails, as the Activity page names people; usernames until the list comes. */
  private readonly emails = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly retentionDays = RETENTION_DAYS;
  protected readonly columns = ['select', 'deletedAt', 'path', 'actor', 'record', 'actions'];
  protected readonly files = signal<readonly DeletedFile[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly filter = signal<DeletedFilter>({ model: '', job: '', text: '' });
  protected readonly sortDirection = signal<'asc' | 'desc'>('desc');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = DELETED_PAGE_SIZE;
  /** Paths chosen for restore. */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  /** Paths restored (or being restored) since the list was read: no longer offered. */
  private readonly restored = signal<ReadonlySet<string>>(new Set());
  private reading?: Subscription;

  private readonly fields = computed(() => {
    const discovery = this.discovery.discovery();
    return discovery ? usableFileFields(discovery) : undefined;
  });

  protected readonly modelNames = computed(() => [...new Set(this.fields()?.map((f) => f.model) ?? [])].sort());
  protected readonly jobs = computed(() =>
    [...new Set(this.files().flatMap((f) => (f.jobId ? [f.jobId] : [])))].sort(),
  );

  protected readonly shown = computed(() => {
    const f = this.filter();
    const gone = this.restored();
    const dir = this.sortDirection() === 'asc' ? 1 : -1;
    return this.files()
      .filter((file) => !gone.has(file.path) && matches(file, f))
      .sort((a, b) => dir * (a.deletedAt.getTime() - b.deletedAt.getTime()) || a.path.localeCompare(b.path));
  });
  protected readonly page = computed(() => {
    const start = this.pageIndex() * this.pageSize;
    return this.shown().slice(start, start + this.pageSize);
  });
  protected readonly selectedShown = computed(() => this.shown().filter((f) => this.selected().has(f.path)));
  protected readonly allPageSelected = computed(
    () => this.page().length > 0 && this.page().every((f) => this.selected().has(f.path)),
  );

  constructor() {
    effect(() => {
      const fields = this.fields();
      if (fields) untracked(() => this.read());
    });
    this.destroyRef.onDestroy(() => this.reading?.unsubscribe());
    this.users.list({ limit: PEOPLE_LISTED }).then(
      (page) => this.emails.set(new Map(page.users.flatMap((u) => (u.email ? [[u.username, u.email] as const] : [])))),
      () => undefined, // people are then named by username
    );
  }

  protected read(): void {
    const fields = this.fields();
    if (!fields) return;
    this.reading?.unsubscribe();
    this.loading.set(true);
    this.loadError.set('');
    this.restored.set(new Set());
    this.selected.set(new Set());
    this.reading = this.deleted
      .scan(fields)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (files) => this.files.set(files),
        error: (err: unknown) => {
          this.loadError.set(err instanceof Error ? err.message : String(err));
          this.loading.set(false);
        },
        complete: () => this.loading.set(false),
      });
  }

  protected who(file: DeletedFile): string {
    if (!file.actor) return 'outside the console';
    const person = this.emails().get(file.actor) ?? file.actor;
    return file.action ? `${person} (${ACTION_LABELS[file.action].toLowerCase()})` : person;
  }

  protected record(file: DeletedFile): string {
    if (!file.owners.length) return '—';
    const [only] = file.owners;
    if (file.owners.length === 1 && only?.before) return `${only.model} “${this.nameOf(only)}” (${only.recordId})`;
    const ids = [...new Set(file.owners.map((o) => o.recordId))];
    return `${file.owners.map((o) => o.model).join(' or ')} ${ids.join(', ')}`;
  }

  /** The record's name as it was, by its model's naming field. */
  private nameOf(owner: FileOwner): string {
    const nameField = this.models.model(owner.model)?.nameField ?? 'id';
    return displayName({ updatedAt: '', ...owner.before! }, nameField);
  }

  protected size(file: DeletedFile): string {
    return file.size === undefined ? '' : formatBytes(file.size);
  }

  protected setFilter(name: keyof DeletedFilter, value: string): void {
    this.filter.update((f) => ({ ...f, [name]: value }));
    this.pageIndex.set(0);
  }

  protected sorted(sort: Sort): void {
    this.sortDirection.set(sort.direction === 'asc' ? 'asc' : 'desc');
  }

  protected paged(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }

  protected toggle(file: DeletedFile): void {
    this.selected.update((s) => {
      const next = new Set(s);
      if (!next.delete(file.path)) next.add(file.path);
      return next;
    });
  }

  protected togglePage(): void {
    const all = this.allPageSelected();
    this.selected.update((s) => {
      const next = new Set(s);
      for (const f of this.page()) {
        if (all) next.delete(f.path);
        else next.add(f.path);
      }
      return next;
    });
  }

  protected restoreOne(file: DeletedFile): void {
    this.confirmAndRun([file], file.path);
  }

  protected restoreSelected(): void {
    const files = this.selectedShown();
    this.confirmAndRun(files, `${files.length} selected file${files.length === 1 ? '' : 's'}.`);
  }

  protected restoreJob(): void {
    const job = this.filter().job;
    const files = this.shown().filter((f) => f.jobId === job);
    this.confirmAndRun(
      files,
      `Everything job ${job} deleted that is still deleted: ${files.length} file${files.length === 1 ? '' : 's'}.`,
    );
  }

  private confirmAndRun(files: readonly DeletedFile[], what: string): void {
    if (!files.length) return;
    this.dialog
      .open<RestoreDialog, RestoreDialogData, boolean>(RestoreDialog, { data: { count: files.length, what } })
      .afterClosed()
      .pipe(filter((yes) => yes === true))
      .subscribe(() => this.run(files));
  }

  private run(files: readonly DeletedFile[]): void {
    const jobId = crypto.randomUUID();
    this.selected.update((s) => new Set([...s].filter((p) => !files.some((f) => f.path === p))));
    this.runner.start({
      title: `Restore ${files.length} file${files.length === 1 ? '' : 's'}`,
      items: files,
      label: (f) => f.path,
      concurrency: 4,
      operation: (file) =>
        defer(() => this.restorer.restore(file, jobId)).pipe(
          tap(() => this.restored.update((s) => new Set([...s, file.path]))),
          map((outcome) => note(outcome)),
          catchError((err: unknown) =>
            err instanceof AttachmentError && err.kind === 'conflict' ? of(skip(err.message)) : Promise.reject(err),
          ),
        ),
    });
    this.notifier.success(
      `Restoring ${files.length} file${files.length === 1 ? '' : 's'}: see the job for each result.`,
    );
  }
}
