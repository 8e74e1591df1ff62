import { assignSlots } from './row-slots';

const slotsOf = (slots: ReadonlyMap<string, number>, ids: readonly string[]) => ids.map((id) => slots.get(id));

describe('assignSlots', () => {
  it('gives a first page the rows in order', () => {
    expect(slotsOf(assignSlots(new Map(), ['a', 'b', 'c']), ['a', 'b', 'c'])).toEqual([0, 1, 2]);
  });

  it('fills the same rows, in order, with the next page', () => {
    const first = assignSlots(new Map(), ['a', 'b', 'c']);
    expect(slotsOf(assignSlots(first, ['d', 'e', 'f']), ['d', 'e', 'f'])).toEqual([0, 1, 2]);
  });

  it('keeps a record that stays on screen in its row, and gives a newcomer the row that came free', () => {
    const before = assignSlots(new Map(), ['a', 'b', 'c']);
    // 'b' was deleted, 'x' was created above 'a', and the rest moved down.
    const after = assignSlots(before, ['x', 'a', 'c']);
    expect(slotsOf(after, ['x', 'a', 'c'])).toEqual([1, 0, 2]);
  });

  it('keeps rows when the page re-sorts', () => {
    const before = assignSlots(new Map(), ['a', 'b', 'c']);
    expect(slotsOf(assignSlots(before, ['c', 'b', 'a']), ['c', 'b', 'a'])).toEqual([2, 1, 0]);
  });

  it('gives every record on screen a row of its own, however the page grows or shrinks', () => {
    const big = assignSlots(new Map(), ['a', 'b', 'c', 'd', 'e']);
    const small = assignSlots(big, ['e', 'f']);
    expect(slotsOf(small, ['e', 'f'])).toEqual([4, 0]);
    const grown = assignSlots(small, ['e', 'f', 'g', 'h']);
    expect(new Set(slotsOf(grown, ['e', 'f', 'g', 'h'])).size).toBe(4);
    expect(slotsOf(grown, ['e', 'f'])).toEqual([4, 0]);
  });
});
