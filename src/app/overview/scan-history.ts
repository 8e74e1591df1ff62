import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  viewChildren,
} from '@angular/core';
import {
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { formatBytes } from '../shared/format/file-format';
import type { ScanRun } from '../server-scan/scan-run';
import { type HistoryChart, historyCharts } from './history-series';
import { Theme } from '../core/theme/theme';

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const PALETTE = ['#1e88e5', '#e53935', '#43a047', '#fb8c00', '#8e24aa', '#00897b', '#6d4c41', '#3949ab'];

/**
 * The history of the server's reports on the overview: files, bytes and orphans per prefix and
 * dangling references per field, one small chart each, so an operator sees whether hygiene gets
 * better. Loaded with its charting library only when the overview shows it (@defer).
 */
@Component({
  selector: 'app-scan-history',
  imports: [DatePipe],
  templateUrl: './scan-history.html',
  styleUrl: './scan-history.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanHistory {
  readonly runs = input.required<readonly ScanRun[]>();
  private readonly canvases = viewChildren<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private charts: Chart[] = [];

  protected readonly data = computed(() => historyCharts(this.runs()));
  /** What each chart shows now, for screen readers (a canvas has no text of its own). */
  protected readonly descriptions = computed(() =>
    this.data().charts.map((c) => `${c.title} over ${this.runs().length} reports: ${latestText(c)}`),
  );

  constructor() {
    const theme = inject(Theme);
    effect(() => {
      const { labels, charts } = this.data();
      const canvases = this.canvases();
      // The text colour is read when drawing: a switch to light or dark draws the charts again.
      theme.isDark();
      this.destroyCharts();
      const text = getComputedStyle(this.host.nativeElement).color || '#444';
      this.charts = canvases.map((canvas, i) => chartOf(canvas.nativeElement, labels, charts[i]!, text));
    });
    inject(DestroyRef).onDestroy(() => this.destroyCharts());
  }

  private destroyCharts(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}

function latestText(chart: HistoryChart): string {
  const show = (v: number | null | undefined) =>
    v === null || v === undefined ? 'none' : chart.unit === 'bytes' ? formatBytes(v) : v.toLocaleString('en');
  return chart.series.map((s) => `${s.name} ${show(s.values.at(-1))}`).join(', ') || 'no data';
}

function chartOf(canvas: HTMLCanvasElement, labels: string[], chart: HistoryChart, text: string): Chart {
  const day = (iso: string) =>
    new Date(iso).toLocaleString('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const tick = (v: number | string) =>
    chart.unit === 'bytes' ? formatBytes(Number(v)) : Number(v).toLocaleString('en');
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: labels.map(day),
      datasets: chart.series.map((s, i) => ({
        label: s.name,
        data: [...s.values],
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        spanGaps: true,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: text,
      scales: {
        x: { ticks: { color: text, maxRotation: 0, autoSkip: true } },
        y: { beginAtZero: true, ticks: { color: text, callback: tick, precision: 0 } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: text, boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${tick(c.parsed.y ?? 0)}` } },
      },
    },
  });
}
