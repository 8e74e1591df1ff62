import { type WritableSignal, computed, signal } from '@angular/core';
import type { FileState } from '../attachments/file-states';
import { CoverFactsCache, coverFacts } from './song-cover-facts';

const PATH = 'images/song-1/0b7c8b4e-3c1f-4a57-9d55-0a4c3d7e2f10-cover.png';

describe('coverFacts', () => {
  it('says what each answer from storage shows in a row', () => {
    expect(coverFacts(null, undefined)).toEqual({ missing: false, waiting: false, size: '', stored: '', type: '' });
    expect(coverFacts(PATH, undefined)).toEqual({ missing: false, waiting: true, size: '…', stored: '', type: 'PNG' });
    expect(coverFacts(PATH, null)).toEqual({ missing: true, waiting: false, size: '—', stored: '', type: 'PNG' });
    expect(coverFacts(PATH, 'error')).toEqual({ missing: false, waiting: false, size: '—', stored: '', type: 'PNG' });
    expect(coverFacts(PATH, { path: PATH, size: 1536, contentType: 'image/webp' })).toEqual({
      missing: false,
      waiting: false,
      size: '1.5 KB',
      stored: '1.5 KB',
      type: 'WEBP',
    });
  });
});

describe('CoverFactsCache', () => {
  it('wakes a row only when what it shows changes, not on every answer storage gives', () => {
    const answers: WritableSignal<ReadonlyMap<string, FileState>> = signal(new Map());
    const cache = new CoverFactsCache((path) => answers().get(path));
    let reads = 0;
    const row = computed(() => {
      reads++;
      return cache.of(PATH).size;
    });
    expect(row()).toBe('…');

    answers.set(new Map([['images/song-2/other.png', null]]));
    expect(row()).toBe('…');
    expect(reads).toBe(1);

    answers.set(new Map<string, FileState>([[PATH, { path: PATH, size: 2048 }]]));
    expect(row()).toBe('2 KB');
    expect(reads).toBe(2);
  });
});
