import { computed, signal } from '@angular/core';
import { RowSignals } from './row-signals';

describe('RowSignals', () => {
  it('wakes a reader only when its own key’s value changes', () => {
    const sizes = signal<Record<string, number>>({ a: 1, b: 1 });
    const rows = new RowSignals<number>((x, y) => x === y);
    let reads = 0;
    const rowA = computed(() => {
      reads++;
      return rows.of('a', () => sizes()['a']!);
    });
    expect(rowA()).toBe(1);
    sizes.set({ a: 1, b: 2 });
    expect(rowA()).toBe(1);
    expect(reads).toBe(1);
    sizes.set({ a: 3, b: 2 });
    expect(rowA()).toBe(3);
    expect(reads).toBe(2);
  });

  it('computes a key with the function it was first asked with', () => {
    const rows = new RowSignals<string>((x, y) => x === y);
    expect(rows.of('k', () => 'first')).toBe('first');
    expect(rows.of('k', () => 'second')).toBe('first');
  });
});
