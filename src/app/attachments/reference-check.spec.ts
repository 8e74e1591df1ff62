import { BatchedReferenceCheck } from './reference-check';
import { unavailable } from './testing/attachment-errors';

/** A pass over a fixed set of references, recording the paths of every pass. */
function passOver(references: Record<string, string>) {
  const passes: string[][] = [];
  let release: (() => void) | undefined;
  const pass = async (paths: readonly string[]) => {
    passes.push([...paths]);
    if (release === undefined && hold) await new Promise<void>((r) => (release = r));
    return new Map(paths.flatMap((p) => (references[p] ? [[p, references[p]!] as const] : [])));
  };
  let hold = false;
  return {
    pass,
    passes,
    holdFirst: () => (hold = true),
    releaseFirst: () => release?.(),
  };
}

describe('BatchedReferenceCheck', () => {
  it('answers questions asked close together from one pass', async () => {
    const fake = passOver({ 'a.png': 'Album “Summer”' });
    const check = new BatchedReferenceCheck(fake.pass, { collectMs: 100, quietMs: 10 });
    const answers = await Promise.all(['a.png', 'b.png', 'a.png'].map((p) => check.referencing(p)));
    expect(answers).toEqual(['Album “Summer”', null, 'Album “Summer”']);
    expect(fake.passes).toEqual([['a.png', 'b.png']]);
  });

  it('splits a round into passes of at most the batch size', async () => {
    const fake = passOver({});
    const check = new BatchedReferenceCheck(fake.pass, { collectMs: 100, quietMs: 10 }, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => check.referencing(p)));
    expect(fake.passes).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('a question asked while a round runs waits for a pass started after it', async () => {
    const fake = passOver({ 'b.png': 'Song “B”' });
    fake.holdFirst();
    const check = new BatchedReferenceCheck(fake.pass, { collectMs: 100, quietMs: 5 });
    const first = check.referencing('a.png');
    await new Promise((r) => setTimeout(r, 20));
    const second = check.referencing('b.png');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.passes).toEqual([['a.png']]);
    fake.releaseFirst();
    expect(await first).toBeNull();
    expect(await second).toBe('Song “B”');
    expect(fake.passes).toEqual([['a.png'], ['b.png']]);
  });

  it('an announced question holds the round until it is asked', async () => {
    const fake = passOver({});
    const check = new BatchedReferenceCheck(fake.pass, { collectMs: 1000 });
    check.announce();
    const first = check.referencing('a');
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.passes).toEqual([]);
    await Promise.all([first, check.referencing('b', true)]);
    expect(fake.passes).toEqual([['a', 'b']]);
  });

  it('fails every question of a pass that fails', async () => {
    const check = new BatchedReferenceCheck(() => Promise.reject(unavailable()), { collectMs: 100, quietMs: 1 });
    const results = await Promise.allSettled([check.referencing('a'), check.referencing('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
