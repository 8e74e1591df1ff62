import { Injectable, signal } from '@angular/core';
import type { DanglingRef, OrphanFile } from './orphan-report';

export type CleanupRequest =
  | { readonly kind: 'orphans'; readonly files: readonly OrphanFile[] }
  | { readonly kind: 'dangling'; readonly refs: readonly DanglingRef[] }
  /** Every orphan file of the shared report matching `filter` (all when empty), read page by page. */
  | { readonly kind: 'report-orphans'; readonly filter: string; readonly total: number; readonly bytes: number };

/** What the report page asked to clean up, handed to the (admins-only) clean-up page. */
@Injectable({ providedIn: 'root' })
export class CleanupRequests {
  private readonly pending = signal<CleanupRequest | null>(null);
  readonly request = this.pending.asReadonly();

  set(request: CleanupRequest): void {
    this.pending.set(request);
  }

  clear(): void {
    this.pending.set(null);
  }
}
