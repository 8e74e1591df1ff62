import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { type Observable, Subject, type Subscription } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { FileStates } from '../attachments/file-states';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { DiscoveryState } from '../discovery/discovery-state';
import { Notifier, messageOf } from '../core/notify/notifier';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { typeFromName, typeLabel, withSniffedType } from './file-kind';
import { FilePreview } from './file-preview';
import { FileThumb } from './file-thumb';
import type { ModelRecords } from './model-records';
import { RecordActions } from './record-actions';
import { type AnyRecord, type FileFieldView, displayName } from './record-model';
import { RecordModels } from './record-models';
import { valuesOf } from './record-rows';

/** What the panel is doing: uploading (with bytes), or saving a change. */
type Busy = { readonly what: string; readonly sent?: number; readonly total?: number } | null;

type FileAction = 'preview' | 'download' | 'up' | 'down' | 'replace' | 'remove';

/** One icon button beside a stored file. */
interface FileActionButton {
  readonly id: FileAction;
  readonly icon: string;
  readonly label: string;
  readonly disabled: boolean;
}

/**
 * One file field of a record on its page: each file with its preview (images, PDFs), name, type,
 * size, download; attach, replace and detach for a field of one file; add, remove, replace and
 * reorder for a list. Every change runs the record-and-file workflow (conditional on the version
 * shown). Files dropped on the panel are taken as the picker's (attach or replace the one file,
 * add to a list), with the same checks; the buttons stay for keyboard users. What the user's
 * groups may not do with the field's storage path is not offered, and the panel says which rule
 * is missing.
 */
@Component({
  selector: 'app-file-field-panel',
  imports: [FilePreview, FileThumb, MatButtonModule, MatIconModule, MatProgressBarModule, MatTooltipModule],
  templateUrl: './file-field-panel.html',
  styleUrl: './file-field-panel.scss',
  host: {
    '[class.over]': 'over()',
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'onDragLeave($event)',
    '(drop)': 'onDrop($event)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileFieldPanel {
  private readonly engine = inject(AttachmentEngine);
  private readonly models = inject(RecordModels);
  private readonly discovery = inject(DiscoveryState);
  private readonly actions = inject(RecordActions);
  private readonly notifier = inject(Notifier);
  protected readonly files = inject(FileStates);

  readonly view = input.required<FileFieldView>();
  readonly records = input.required<ModelRecords>();
  readonly record = input.required<AnyRecord>();
  /** The user may update the record (its model's rules). */
  readonly canUpdate = input(false);

  protected readonly access = computed(() => this.models.fileAccess(this.view()));
  protected readonly workflow = computed(() => this.records().workflow(this.view().discovered.field));
  protected readonly many = computed(() => this.view().discovered.kind === 'many');
  protected readonly values = computed(() => valuesOf(this.record(), this.view().discovered.field));
  protected readonly paths = computed(() =>
    this.view().managed ? this.values().filter((v) => !!this.discovery.storageAccess(v)) : [],
  );
  protected readonly unstored = computed(() => this.values().filter((v) => !this.paths().includes(v)));
  protected readonly canWrite = computed(
    () => this.canUpdate() && !!this.workflow() && this.access().write && this.records().canUploadTo(this.view()),
  );
  protected readonly canChange = computed(() => this.canUpdate() && !!this.workflow());
  protected readonly accept = computed(() => this.view().field.limits?.allowedTypes.join(',') ?? '');
  protected readonly accepts = computed(() => {
    const limits = this.view().field.limits;
    if (!limits) return '';
    const names = [...new Set(limits.allowedTypes.map((t) => typeLabel(t) || t))];
    const types = names.length > 8 ? 'most file types' : names.join(', ');
    return `${types}; at most ${formatBytes(limits.maxBytes)} each`;
  });
  protected readonly selected = signal<string | null>(null);
  /** The file shown at full size: the one file, or the one picked in a list (the first by default). */
  protected readonly previewed = computed(() => {
    const pick = this.selected();
    return pick && this.paths().includes(pick) ? pick : (this.paths()[0] ?? null);
  });
  protected readonly busy = signal<Busy>(null);
  protected readonly error = signal('');
  /** Files are being dragged over a panel that takes them. */
  protected readonly over = signal(false);
  protected readonly canDrop = computed(() => this.canWrite() && !this.busy());
  private running?: Subscription;
  /** Which file the next picked file replaces (null: attach or add). */
  private replacing: string | null = null;

  protected readonly fileName = fileNameOf;
  protected readonly formatBytes = formatBytes;

  protected typeOf(path: string): string {
    const state = this.files.state(path);
    return (state && state !== 'error' && state.contentType) || typeFromName(path);
  }

  protected label(path: string): string {
    return typeLabel(this.typeOf(path)) || 'File';
  }

  protected percent(busy: NonNullable<Busy>): number {
    return busy.total ? Math.round(((busy.sent ?? 0) / busy.total) * 100) : 0;
  }

  /**
   * The buttons beside a stored file: download always; in a list, preview, and (for those who may
   * change the record) move up and down, replace (with upload rights) and remove.
   */
  protected actionsFor(path: string, index: number, last: boolean, missing: boolean): FileActionButton[] {
    const name = fileNameOf(path);
    const busy = !!this.busy();
    const list = this.many();
    const change = list && this.canChange();
    const all: (FileActionButton | false)[] = [
      list && { id: 'preview', icon: 'visibility', label: `Preview ${name}`, disabled: false },
      { id: 'download', icon: 'download', label: `Download ${name}`, disabled: missing },
      change && { id: 'up', icon: 'arrow_upward', label: `Move ${name} up`, disabled: busy || index === 0 },
      change && { id: 'down', icon: 'arrow_downward', label: `Move ${name} down`, disabled: busy || last },
      change && this.canWrite() && { id: 'replace', icon: 'swap_horiz', label: `Replace ${name}`, disabled: busy },
      change && { id: 'remove', icon: 'link_off', label: `Remove ${name}`, disabled: busy },
    ];
    return all.filter((a): a is FileActionButton => !!a);
  }

  protected act(action: FileAction, path: string, picker: HTMLInputElement): void {
    if (action === 'preview') this.selected.set(path);
    else if (action === 'download') this.download(path);
    else if (action === 'up' || action === 'down') this.move(path, action === 'up' ? -1 : 1);
    else if (action === 'replace') this.pick(picker, path);
    else this.remove(path);
  }

  protected pick(input: HTMLInputElement, replacing: string | null): void {
    this.replacing = replacing;
    input.value = '';
    input.click();
  }

  /** Files chosen in the picker: attach, add or replace. */
  protected chosen(input: HTMLInputElement): Promise<void> {
    return this.take([...(input.files ?? [])], this.replacing);
  }

  protected onDragOver(event: DragEvent): void {
    // Only files from outside the page, and only where this user may put them.
    if (!this.canDrop() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.over.set(true);
  }

  protected onDragLeave(event: DragEvent): void {
    const host = event.currentTarget as Node | null;
    if (!host?.contains(event.relatedTarget as Node | null)) this.over.set(false);
  }

  /** A drop is the picker's choice: the one file replaced (or attached), or files added to a list. */
  protected onDrop(event: DragEvent): void {
    this.over.set(false);
    if (!this.canDrop() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    const dropped = [...event.dataTransfer.files];
    if (!this.many() && dropped.length > 1) {
      this.error.set(`${this.view().label} holds one file: drop one, not ${dropped.length}.`);
      return;
    }
    void this.take(dropped, this.many() ? null : (this.paths()[0] ?? null));
  }

  /** Attach, add or replace (`target`) after reading the files' types from their content and checking them. */
  private async take(picked: File[], target: string | null): Promise<void> {
    if (picked.length === 0) return;
    const files = await Promise.all(picked.map(withSniffedType));
    const workflow = this.workflow();
    if (!workflow) return;
    const invalid = files.map((f) => workflow.validate(f)).find((e) => !!e);
    if (invalid && (!this.many() || target || files.length === 1)) {
      this.error.set(invalid.message);
      return;
    }
    const record = this.record();
    if (workflow instanceof RecordFilesWorkflow) {
      if (target) this.run(`Replacing ${fileNameOf(target)}`, workflow.replace(record, target, files[0]!));
      else this.add(workflow, record, files);
    } else {
      this.run(`Uploading ${files[0]!.name}`, workflow.setFile(record, files[0]!));
    }
  }

  private add(workflow: RecordFilesWorkflow<AnyRecord>, record: AnyRecord, files: File[]): void {
    const cancel$ = new Subject<number>();
    this.start(`Adding ${files.length === 1 ? files[0]!.name : `${files.length} files`}`);
    this.running = workflow.add(record, files, cancel$).subscribe({
      next: (step) => {
        if (step.type === 'progress') {
          this.busy.set({ what: this.busy()?.what ?? '', sent: step.sent, total: step.total });
          return;
        }
        const failed = step.value.failed;
        if (failed.length) {
          this.error.set(failed.map((f) => f.error?.message ?? `“${f.name}” was not added.`).join(' '));
        }
      },
      error: (err: unknown) => this.fail(err),
      complete: () => this.busy.set(null),
    });
  }

  /** Runs one change of the field; progress while uploading, the reason when refused. */
  private run(what: string, change: Observable<unknown>): void {
    this.start(what);
    this.running = change.subscribe({
      next: (step) => {
        const s = step as { type?: string; sent?: number; total?: number };
        if (s.type === 'progress') this.busy.set({ what, sent: s.sent ?? 0, total: s.total ?? 0 });
      },
      error: (err: unknown) => this.fail(err),
      complete: () => this.busy.set(null),
    });
  }

  private start(what: string): void {
    this.error.set('');
    this.busy.set({ what });
  }

  private fail(err: unknown): void {
    this.busy.set(null);
    this.error.set(messageOf(err));
  }

  protected cancel(): void {
    this.running?.unsubscribe();
    this.busy.set(null);
  }

  protected download(path: string): void {
    this.engine.download(path).subscribe({ error: (err: unknown) => this.notifier.error(err) });
  }

  /** Detach the one file, or every file of a list; asks whether the files go too. */
  protected detach(): void {
    const workflow = this.workflow();
    if (!workflow) return;
    const what = this.many() ? `every file of ${this.view().label}` : `the file of ${this.view().label}`;
    this.actions.confirmDetach(what, this.access().delete).subscribe((deleteFiles) => {
      if (deleteFiles !== null) this.run('Detaching', workflow.detach(this.record(), deleteFiles));
    });
  }

  protected remove(path: string): void {
    const workflow = this.workflow();
    if (!(workflow instanceof RecordFilesWorkflow)) return;
    this.actions.confirmDetach(`“${fileNameOf(path)}”`, this.access().delete).subscribe((deleteFile) => {
      if (deleteFile !== null)
        this.run(`Removing ${fileNameOf(path)}`, workflow.remove(this.record(), path, deleteFile));
    });
  }

  /** Moves a file of a list one place up (-1) or down (+1). */
  protected move(path: string, by: -1 | 1): void {
    const workflow = this.workflow();
    if (!(workflow instanceof RecordFilesWorkflow)) return;
    const order = [...this.values()];
    const at = order.indexOf(path);
    const to = at + by;
    if (at < 0 || to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to]!, order[at]!];
    this.run('Saving the order', workflow.reorder(this.record(), order));
  }

  protected recordName(): string {
    return displayName(this.record(), this.records().model.nameField);
  }
}
