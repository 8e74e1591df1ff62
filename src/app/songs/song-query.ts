import type { Song } from './song';
import { fileNameOf } from './song-format';

/** Columns the table can sort by: what every song carries without asking storage. */
export type SongSortKey = 'name' | 'file' | 'updatedAt';
export interface SongSort {
  key: SongSortKey;
  direction: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Songs whose title or file name contains the search text (case- and accent-insensitive). */
export function filterSongs(songs: readonly Song[], search: string): readonly Song[] {
  const needle = fold(search.trim());
  if (!needle) return songs;
  return songs.filter((s) => fold(s.name).includes(needle) || fold(fileNameOf(s.coverArtPath)).includes(needle));
}

/** A sorted copy; ties keep a stable order by id so rows do not jump between live updates. */
export function sortSongs(songs: readonly Song[], sort: SongSort): Song[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = (s: Song): string =>
    sort.key === 'name' ? s.name : sort.key === 'file' ? fileNameOf(s.coverArtPath) : s.updatedAt;
  const compare = sort.key === 'updatedAt' ? (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) : collator.compare;
  return songs
    .map((song) => ({ song, key: value(song) }))
    .sort((a, b) => sign * compare(a.key, b.key) || (a.song.id < b.song.id ? -1 : 1))
    .map((e) => e.song);
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
