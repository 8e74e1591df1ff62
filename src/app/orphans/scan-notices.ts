import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { CleanupRefusal } from './cleanup-refusals';
import type { ScanReport } from './orphan-report';

/**
 * What a report covers and what it cannot vouch for: the prefixes and fields scanned, the prefixes
 * left out (and the rule that would let the user list them), the references it could not check,
 * and why the clean-up refuses to run.
 */
@Component({
  selector: 'app-scan-notices',
  imports: [MatIconModule],
  template: `
    @if (refusals().length) {
      <section class="notice refused" role="alert" aria-labelledby="refused-title" data-testid="cleanup-refused">
        <h2 id="refused-title"><mat-icon aria-hidden="true">block</mat-icon>{{ refusedTitle() }}</h2>
        <ul>
          @for (r of refusals(); track $index) {
            <li>
              <p>{{ r.message }}</p>
              <p class="fix">
                <strong>Fix:</strong>&ngsp;<span class="pre">{{ r.fix }}</span>
              </p>
            </li>
          }
        </ul>
      </section>
    }
    <section class="notice" aria-labelledby="covered-title">
      <h2 id="covered-title">What the scan covered</h2>
      <ul>
        @for (p of report().prefixes; track p.prefix) {
          <li data-testid="scanned-prefix">
            <span class="key">{{ p.pattern }}</span
            >:
            {{ p.fields.length ? p.fields.join(', ') : 'no file field points here' }}
          </li>
        }
        @for (p of report().unlisted; track p.prefix) {
          <li class="left-out" data-testid="unlisted-prefix">
            <mat-icon aria-hidden="true">visibility_off</mat-icon>
            <span
              ><span class="key">{{ p.pattern }}</span> was not scanned. {{ p.reason }}</span
            >
          </li>
        }
        @for (u of report().unread; track u.model + u.field) {
          <li class="left-out" data-testid="unread-field">
            <mat-icon aria-hidden="true">lock</mat-icon>
            <span
              ><span class="key">{{ u.model }}.{{ u.field }}</span> was not read. {{ u.reason }}</span
            >
          </li>
        }
        @if (report().unchecked.length) {
          <li class="left-out" data-testid="unchecked">
            <mat-icon aria-hidden="true">help_outline</mat-icon>
            <span>{{ uncheckedText() }}</span>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    :host {
      display: grid;
      gap: 8px;
    }
    .notice {
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .refused {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    h2 {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    ul {
      margin: 0;
      padding-left: 20px;
    }
    li p {
      margin: 4px 0;
    }
    .left-out {
      list-style: none;
      margin-left: -20px;
      display: flex;
      gap: 6px;
    }
    .key {
      font-family: ui-monospace, monospace;
      overflow-wrap: anywhere;
    }
    .pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanNotices {
  readonly report = input.required<ScanReport>();
  readonly refusals = input<readonly CleanupRefusal[]>([]);

  protected readonly refusedTitle = computed(() =>
    this.refusals().some((r) => r.stops.kind === 'all')
      ? 'The clean-up will not run: discovery cannot vouch for the references'
      : 'Part of the clean-up will not run',
  );
  protected readonly uncheckedText = computed(() => {
    const unchecked = this.report().unchecked;
    const unlisted = unchecked.filter((u) => u.reason === 'unlisted').length;
    const parts = [
      unlisted ? `${unlisted} under a prefix you cannot list` : '',
      unchecked.length - unlisted ? `${unchecked.length - unlisted} not a storage path` : '',
    ].filter(Boolean);
    return `${unchecked.length} reference${unchecked.length === 1 ? '' : 's'} could not be checked (${parts.join(', ')}): they are neither dangling nor known to be there.`;
  });
}
