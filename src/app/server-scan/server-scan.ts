import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { type Subscription, retry, timer } from 'rxjs';
import { Session } from '../core/auth/session';
import { AppConfig } from '../core/config/app-config';
import { readIntrospection } from '../discovery/model-introspection';
import { SCAN_RUN_API } from './scan-run-api';
import type { ScanRun } from './scan-run';

/** How many past runs the console keeps: the history chart's points. */
export const RUNS_KEPT = 30;

/**
 * Whether the backend runs the orphan scan on the server: its outputs name the ScanRun model and
 * the startOrphanScan mutation. A deployed app that has not added the function has neither, and
 * the console scans in the browser instead.
 */
export function serverScanIn(outputs: unknown): boolean {
  const introspection = readIntrospection(outputs) as
    | { models: Record<string, unknown>; mutations?: Record<string, unknown> }
    | undefined;
  return !!introspection?.models['ScanRun'] && !!introspection.mutations?.['startOrphanScan'];
}

/**
 * The server scan's runs for every page: the newest ones, kept live by the ScanRun subscription
 * (so every operator sees a run another one started, and its progress), and the start of a new
 * one (ADMINS and OPERATORS; the backend refuses anyone else). Loaded on the first watch().
 */
@Injectable({ providedIn: 'root' })
export class ServerScan {
  private readonly api = inject(SCAN_RUN_API);
  private readonly session = inject(Session);
  private readonly config = inject(AppConfig);
  private readonly runsSignal = signal<readonly ScanRun[]>([]);
  private readonly loadState = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  private readonly errorSignal = signal<string | null>(null);
  private live?: Subscription;

  readonly supported = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' && serverScanIn(state.outputs);
  });
  /** Newest first. */
  readonly runs = this.runsSignal.asReadonly();
  readonly loaded = computed(() => this.loadState() === 'ready');
  readonly error = this.errorSignal.asReadonly();
  readonly latest = computed(() => this.runsSignal()[0] ?? null);
  /** The newest finished run: the shared report. */
  readonly report = computed(() => this.runsSignal().find((r) => r.status === 'done' && r.report) ?? null);
  readonly active = computed(() => this.runsSignal().find((r) => r.status === 'running') ?? null);
  /** Finished runs with totals, oldest first: the history. */
  readonly history = computed(() =>
    this.runsSignal()
      .filter((r) => r.status === 'done' && r.totals)
      .reverse(),
  );
  readonly canStart = computed(() => {
    this.session.roles();
    return this.session.hasAnyRole(['ADMINS', 'OPERATORS']);
  });
  readonly starting = signal(false);
  /** The signed-in user's username and email: a run that names either says "you". */
  readonly me = computed(() => {
    const user = this.session.user();
    return user ? [user.username, user.email].filter((id): id is string => !!id) : [];
  });

  constructor() {
    // Runs are read by whoever is signed in: they go when that user signs out.
    effect(() => {
      if (this.session.status() !== 'signed-out') return;
      untracked(() => {
        this.live?.unsubscribe();
        this.live = undefined;
        this.runsSignal.set([]);
        this.loadState.set('idle');
      });
    });
    inject(DestroyRef).onDestroy(() => this.live?.unsubscribe());
  }

  /** Loads the runs and follows them live, once per session; a page calls it when it opens. */
  watch(): void {
    if (!this.supported() || this.loadState() === 'loading' || this.loadState() === 'ready') return;
    this.loadState.set('loading');
    this.errorSignal.set(null);
    // Subscribed before the first list, so no change falls between the two.
    this.live ??= this.api
      .changes()
      .pipe(retry({ delay: (_e, n) => timer(Math.min(30_000, 1000 * 2 ** n)) }))
      .subscribe((run) => this.merge(run));
    this.api.latest(RUNS_KEPT).then(
      (runs) => {
        const seen = new Map(this.runsSignal().map((r) => [r.id, r]));
        for (const r of runs) if (!seen.has(r.id)) seen.set(r.id, r);
        this.runsSignal.set(sortRuns([...seen.values()]));
        this.loadState.set('ready');
      },
      (err: unknown) => {
        this.errorSignal.set(err instanceof Error ? err.message : String(err));
        this.loadState.set('failed');
      },
    );
  }

  /** Starts a run on the server; resolves once the backend has accepted it. */
  async start(): Promise<void> {
    this.starting.set(true);
    try {
      await this.api.start();
    } finally {
      this.starting.set(false);
    }
  }

  private merge(run: ScanRun): void {
    const others = this.runsSignal().filter((r) => r.id !== run.id);
    this.runsSignal.set(sortRuns([run, ...others]));
  }
}

function sortRuns(runs: ScanRun[]): ScanRun[] {
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, RUNS_KEPT);
}
