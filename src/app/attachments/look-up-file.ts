import { type Observable, catchError, map, of, switchMap } from 'rxjs';
import type { AttachmentEngine, FileInfo } from './attachment-engine';

/**
 * What storage holds at one path, asked with a listing that has the path as its prefix: S3 answers
 * it with 200 whether or not the file is there, where a HEAD of a missing file answers 404 and the
 * browser logs that as an error. The listing carries no content type: with `withType`, a file that
 * is there also gets a HEAD for it. A path ending in `/` (which would list a whole folder) gets a
 * HEAD instead.
 */
export function lookUpFile(
  engine: AttachmentEngine,
  path: string,
  { withType = false }: { withType?: boolean } = {},
): Observable<FileInfo | null> {
  if (path.endsWith('/')) return engine.fileInfo(path);
  return engine.list(path).pipe(
    map((items) => items.find((item) => item.path === path) ?? null),
    switchMap((found) =>
      found && withType
        ? engine.fileInfo(path).pipe(
            map((info) => info && { ...found, ...info }),
            catchError(() => of(found)), // the type is a detail: keep what the listing said
          )
        : of(found),
    ),
  );
}
