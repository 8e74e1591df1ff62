import type { Song } from './song';
import { fileNameOf } from '../shared/format/file-format';

/** Columns the table can sort by: what every song carries without asking storage. */
export type SongSortKey = 'name' | 'file' | 'updatedAt';
export interface SongSort {
  key: SongSortKey;
  direction: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Songs with their search text folded once, so each keystroke only compares strings. */
export interface SearchableSong {
  readonly song: Song;
  readonly text: string;
}

export function searchable(songs: readonly Song[]): readonly SearchableSong[] {
  return songs.map((song) => ({ song, text: `${fold(song.name)}\u0000${fold(fileNameOf(song.coverArtPath))}` }));
}

/** Songs whose title or file name contains the search text (case- and accent-insensitive), in order. */
export function filterSongs(songs: readonly SearchableSong[], search: string): readonly Song[] {
  const needle = fold(search.trim());
  return (needle ? songs.filter((s) => s.text.includes(needle)) : songs).map((s) => s.song);
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
