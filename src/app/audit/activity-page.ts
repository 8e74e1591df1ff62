import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Notifier } from '../core/notify/notifier';
import { downloadCsv } from '../shared/csv';
import { TokenPages } from '../shared/token-pages';
import { TokenPager } from '../shared/token-pager';
import { USER_API, type ManagedUser } from '../users/user-api';
import { activityCsv } from './activity-csv';
import { allEvents, fillPage } from './activity-pages';
import { AUDIT_API, type AuditQuery } from './audit-api';
import { ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, type AuditEvent } from './audit-event';
import { causeWindow, isStorageEvent, storageResult, whoDid } from './storage-origin';

export const ACTIVITY_PAGE_SIZE = 25;
const PEOPLE_LISTED = 60;
/** Console events read to tell which object events on a page the console made. */
const CAUSES_READ = 1000;

/** The Activity page (ADMINS): the audit trail, newest first, filtered, paged from the server, exported as CSV. */
@Component({
  selector: 'app-activity-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatTableModule,
    TokenPager,
  ],
  templateUrl: './activity-page.html',
  styleUrl: './activity-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityPage {
  private readonly api = inject(AUDIT_API);
  private readonly users = inject(USER_API);
  private readonly notifier = inject(Notifier);
  private readonly document = inject(DOCUMENT);

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly labels = ACTION_LABELS;
  protected readonly columns = ['at', 'person', 'action', 'record', 'paths', 'result'];
  protected readonly people = signal<ManagedUser[]>([]);
  protected readonly events = signal<AuditEvent[]>([]);
  /** Console events recorded around the page's object events (the changes that made them). */
  private readonly causes = signal<AuditEvent[]>([]);
  private readonly candidates = computed(() => [...this.events(), ...this.causes()]);
  protected readonly loading = signal(true);
  protected readonly exporting = signal(false);
  protected readonly loadError = signal('');
  protected readonly filter = signal<{
    actor: string;
    action: AuditAction | '';
    model: string;
    from: string;
    to: string;
  }>({ actor: '', action: '', model: '', from: '', to: '' });
  protected readonly pages = new TokenPages();
  private readonly emails = computed(() => new Map(this.people().map((p) => [p.username, p.email])));
  private loadCount = 0;

  constructor() {
    void this.load();
    this.users.list({ limit: PEOPLE_LISTED }).then(
      (page) => this.people.set(page.users),
      () => undefined, // the trail still shows, naming people by username
    );
  }

  protected person(event: AuditEvent): string {
    return whoDid(event, this.candidates(), (u) => this.emails().get(u) ?? null);
  }

  protected result(event: AuditEvent): string {
    if (isStorageEvent(event)) return storageResult(event);
    return `${event.result ?? ''}${event.jobId ? ` (job ${event.jobId})` : ''}`;
  }

  protected actionLabel(action: AuditAction): string {
    return ACTION_LABELS[action] ?? action;
  }

  protected setFilter(name: 'actor' | 'action' | 'model' | 'from' | 'to', value: string): void {
    if (this.filter()[name] === value.trim()) return;
    this.filter.update((f) => ({ ...f, [name]: value.trim() }));
    this.pages.restart();
    void this.load();
  }

  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    try {
      const events: AuditEvent[] = [];
      for await (const page of allEvents(this.api, this.query())) events.push(...page);
      const csv = activityCsv(events, (u) => this.emails().get(u) ?? null);
      downloadCsv(this.document, `activity-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      this.notifier.success(`${events.length} event${events.length === 1 ? '' : 's'} exported`);
    } catch (err) {
      this.notifier.error(err);
    } finally {
      this.exporting.set(false);
    }
  }

  /** The filter as the API takes it: dates are whole days, in the browser's time zone. */
  private query(): AuditQuery {
    const f = this.filter();
    const day = (date: string, end: boolean) =>
      date ? new Date(`${date}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString() : undefined;
    return {
      actor: f.actor || undefined,
      action: f.action || undefined,
      model: f.model || undefined,
      from: day(f.from, false),
      to: day(f.to, true),
    };
  }

  protected async load(): Promise<void> {
    const count = ++this.loadCount;
    this.loading.set(true);
    try {
      const page = await fillPage(this.api, this.query(), ACTIVITY_PAGE_SIZE, this.pages.current());
      if (count !== this.loadCount) return; // a newer filter or page won
      this.events.set(page.items);
      this.pages.nextToken.set(page.nextToken);
      this.loadError.set('');
      void this.loadCauses(page.items, count);
    } catch (err) {
      if (count === this.loadCount) this.loadError.set((err as Error).message);
    } finally {
      if (count === this.loadCount) this.loading.set(false);
    }
  }

  /**
   * The console's own events around the page's object events, so each one says whether the
   * console made it. Until they are read (or if they cannot be), object events say "Outside the
   * console" only when the page itself holds no cause.
   */
  private async loadCauses(items: readonly AuditEvent[], count: number): Promise<void> {
    const window = causeWindow(items);
    if (!window) return this.causes.set([]);
    const found: AuditEvent[] = [];
    try {
      for await (const page of allEvents(this.api, window)) {
        found.push(...page.filter((e) => !isStorageEvent(e)));
        if (found.length >= CAUSES_READ) break;
      }
    } catch {
      return; // the page still shows; object events are judged on what it holds
    }
    if (count === this.loadCount) this.causes.set(found);
  }
}
