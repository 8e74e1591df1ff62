/**
 * Which table row (slot) shows each record on screen, so turning a page fills the rows already
 * drawn with the next records instead of tearing 100 rows down and building 100 new ones. A record
 * that stays on screen (a live update, a re-sort within the page) keeps its row; records coming on
 * screen take the free rows in order.
 */
export function assignSlots(previous: ReadonlyMap<string, number>, ids: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot !== undefined && !slots.has(id)) {
      slots.set(id, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const id of ids) {
    if (slots.has(id)) continue;
    while (taken.has(free)) free++;
    slots.set(id, free);
    taken.add(free);
  }
  return slots;
}
