import { fileNameOf } from '../shared/format/file-format';
import type { PhotoAlbum } from './album';

export type AlbumSortKey = 'name' | 'count' | 'updatedAt';
export interface AlbumSort {
  readonly key: AlbumSortKey;
  readonly direction: 'asc' | 'desc';
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Albums whose name or an image's name holds the search text (case and accents ignored). */
export function filterAlbums(albums: readonly PhotoAlbum[], search: string): readonly PhotoAlbum[] {
  const text = search.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (!text) return albums;
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return albums.filter(
    (a) => fold(a.name).includes(text) || a.imagePaths.some((p) => fold(fileNameOf(p)).includes(text)),
  );
}

export function sortAlbums(albums: readonly PhotoAlbum[], sort: AlbumSort): PhotoAlbum[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const by: Record<AlbumSortKey, (a: PhotoAlbum, b: PhotoAlbum) => number> = {
    name: (a, b) => collator.compare(a.name, b.name),
    count: (a, b) => a.imagePaths.length - b.imagePaths.length,
    updatedAt: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
  };
  return [...albums].sort(
    (a, b) => sign * by[sort.key](a, b) || collator.compare(a.name, b.name) || a.id.localeCompare(b.id),
  );
}

export const countLabel = (n: number): string => `${n.toLocaleString('en')} ${n === 1 ? 'image' : 'images'}`;
