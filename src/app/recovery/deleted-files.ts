import { Injectable, inject } from '@angular/core';
import { Observable, concat, defer, from, map, mergeMap, scan, switchMap } from 'rxjs';
import { RETENTION_DAYS } from '../../../amplify/storage/retention';
import { DEFAULT_KEY_TEMPLATE } from '../attachments/key-template';
import { allEvents } from '../audit/activity-pages';
import { AUDIT_API, type AuditApi } from '../audit/audit-api';
import type { AuditEvent } from '../audit/audit-event';
import type { DiscoveredFileField } from '../discovery/discovery-result';
import { BucketVersions } from './bucket-versions';
import { DELETING_ACTIONS, type DeletedFile, DeletedScanner, type KeyPattern, describeDeleted } from './deleted-file';

/** Versions asked for per listing request. */
export const VERSIONS_PAGE = 1000;

/** Where the files of these fields lie: each path's fixed start (`images/`), none inside another. */
export function prefixesOf(fields: readonly DiscoveredFileField[]): string[] {
  const starts = fields
    .flatMap((f) => f.paths)
    .map((p) => p.slice(0, Math.min(...['*', '{'].map((c) => (p.includes(c) ? p.indexOf(c) : p.length)))));
  const unique = [...new Set(starts)].sort();
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
}

/** The events that may have deleted a file, since the retention period began, by path. */
async function deletingEvents(api: AuditApi, since: Date): Promise<Map<string, AuditEvent[]>> {
  const byPath = new Map<string, AuditEvent[]>();
  await Promise.all(
    DELETING_ACTIONS.map(async (action) => {
      for await (const page of allEvents(api, { action, from: since.toISOString() }, 200)) {
        for (const event of page) {
          for (const path of event.paths) byPath.set(path, [...(byPath.get(path) ?? []), event]);
        }
      }
    }),
  );
  return byPath;
}

/**
 * The files deleted within the retention period under the file fields' paths: a version listing
 * read page by page (only keys whose latest entry is a delete marker), each joined with the audit
 * trail's deleting event for its path. Emits the list so far after each page; unsubscribing stops it.
 */
@Injectable({ providedIn: 'root' })
export class DeletedFiles {
  private readonly versions = inject(BucketVersions);
  private readonly audit = inject(AUDIT_API);

  scan(fields: readonly DiscoveredFileField[], now = new Date()): Observable<DeletedFile[]> {
    const patterns: KeyPattern[] = fields.map((f) => ({
      model: f.model,
      field: f.field,
      template: f.keyTemplate ?? DEFAULT_KEY_TEMPLATE,
    }));
    const since = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
    return defer(() => from(deletingEvents(this.audit, since))).pipe(
      switchMap((events) =>
        concat(
          ...prefixesOf(fields).map((prefix) =>
            defer(() => {
              const scanner = new DeletedScanner();
              return concat(
                this.versions.list(prefix, VERSIONS_PAGE).pipe(map((page) => scanner.page(page))),
                defer(() => [scanner.end()]),
              );
            }),
          ),
        ).pipe(
          mergeMap((found) => [found.map((f) => describeDeleted(f, events.get(f.path) ?? [], patterns))]),
          scan((all, found) => (found.length ? [...all, ...found] : all), [] as DeletedFile[]),
        ),
      ),
    );
  }
}
