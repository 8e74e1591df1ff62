import { aSong } from '../../testing/fake-songs';
import { typeLabel } from './song-format';
import { filterSongs, searchable, sortSongs } from './song-query';

describe('Songs table helpers', () => {
  it('writes types as people read them', () => {
    expect(typeLabel('image/svg+xml')).toBe('SVG');
    expect(typeLabel(undefined)).toBe('');
  });

  it('finds songs by title or file name, ignoring case and accents', () => {
    const songs = [aSong('Café Solo', 'a.png'), aSong('Naima', 'CAFE-poster.png'), aSong('Oleo', null)];
    expect(filterSongs(searchable(songs), 'cafe').map((s) => s.name)).toEqual(['Café Solo', 'Naima']);
    expect(filterSongs(searchable(songs), '  ')).toEqual(songs);
    expect(filterSongs(searchable(songs), 'solo a.png')).toEqual([]);
  });

  it('sorts titles naturally and keeps ties in a stable order', () => {
    const songs = [aSong('Track 10'), aSong('track 2'), aSong('Track 1')];
    expect(sortSongs(songs, { key: 'name', direction: 'asc' }).map((s) => s.name)).toEqual([
      'Track 1',
      'track 2',
      'Track 10',
    ]);
    const twins = [aSong('Same'), aSong('Same')];
    const once = sortSongs(twins, { key: 'name', direction: 'desc' });
    expect(sortSongs([...twins].reverse(), { key: 'name', direction: 'desc' })).toEqual(once);
  });
});
