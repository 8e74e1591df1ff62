import { isSafeRecordId } from './file-key';

/**
 * The folders a record's files lie in: each path's start up to the segment that is the record's
 * id, as key templates with `{id}` write them (`products/p1/`, `avatars/<identity>/e1/`). None for
 * an id that cannot be a key segment; a path without that segment (another record's file, a key
 * made by another tool) lies in none.
 */
export function recordFolders(id: string, paths: readonly string[]): string[] {
  if (!isSafeRecordId(id)) return [];
  const folders = new Set<string>();
  for (const path of paths) {
    const folder = folderOf(id, path);
    if (folder) folders.add(folder);
  }
  return [...folders];
}

/** The start of `path` up to its segment `id` (before the file name), or null. */
function folderOf(id: string, path: string): string | null {
  const segments = path.split('/');
  const at = segments.slice(0, -1).indexOf(id);
  return at < 0 ? null : `${segments.slice(0, at + 1).join('/')}/`;
}
