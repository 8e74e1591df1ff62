import { lastValueFrom } from 'rxjs';
import { storageAccessFor } from '../discovery/storage-access';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { clearDangling, deleteOrphan, groupDangling } from './cleanup';
import { cleanupRefusals, refusalOf } from './cleanup-refusals';
import type { ScanReport } from './orphan-report';
import { scanOrphans } from './scan';
import { scanPlan } from './scan-plan';
import { storefrontDiscovery } from './testing/storefront-discovery';
import type { Discovery } from '../discovery/discovery-result';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const OLD = new Date(NOW.getTime() - 48 * HOUR);
const options = { graceMs: HOUR, now: () => NOW };

async function scan(sources: FakeScanSources, discovery: Discovery): Promise<ScanReport> {
  const plan = scanPlan(discovery, (p) => storageAccessFor(p, ['Managers']));
  const last = await lastValueFrom(scanOrphans(sources, plan, options));
  if (last.type !== 'done') throw new Error('no report');
  return last.report;
}

/** A small shop with one orphan per prefix and in-use files around it. */
function shop(): FakeScanSources {
  const sources = new FakeScanSources(50);
  for (let i = 0; i < 4; i++) {
    sources
      .file(`products/p${i}/photo.png`, 10, OLD)
      .file(`manuals/p${i}/manual.pdf`, 10, OLD)
      .record('Product', `p${i}`, {
        imageKeys: [`products/p${i}/photo.png`],
        manualPath: [`manuals/p${i}/manual.pdf`],
      });
  }
  return sources.file('products/gone/photo.png', 10, OLD).file('manuals/gone/manual.pdf', 10, OLD);
}

describe('cleanupRefusals', () => {
  it('refuses every clean-up while a file field holds names, saying which field, how many values resolved and the fix', async () => {
    const discovery = storefrontDiscovery({ status: 'unresolved', sampled: { values: 5, resolved: 1 } });
    const refusals = cleanupRefusals(discovery, await scan(shop(), discovery));
    expect(refusals.length).toBe(1);
    expect(refusals[0]!.stops).toEqual({ kind: 'all' });
    expect(refusals[0]!.message).toBe(
      'Employee.avatarPath holds values that do not lead to stored files: 1 of 5 sampled values (20%) resolved to storage paths. ' +
        'Every file it refers to would look orphaned, and cleaning them up would delete files that are in use.',
    );
    expect(refusals[0]!.fix).toContain('Store the path that uploadData returns');
  });

  it('refuses while a field is not settled, with the console.config.json that settles it', async () => {
    const discovery = storefrontDiscovery({ status: 'ambiguous' });
    const [refusal] = cleanupRefusals(discovery, await scan(shop(), discovery));
    expect(refusal!.message).toContain('Employee.avatarPath may hold file paths and is not settled');
    expect(refusal!.fix).toContain('console.config.json');
  });

  it('refuses without a discovery', async () => {
    const report = await scan(shop(), storefrontDiscovery());
    expect(cleanupRefusals(undefined, report).map((r) => r.stops.kind)).toEqual(['all']);
  });

  it('lets a plausible report be cleaned up', async () => {
    const discovery = storefrontDiscovery();
    expect(cleanupRefusals(discovery, await scan(shop(), discovery))).toEqual([]);
  });

  it('refuses the orphans of a prefix where most files look orphaned although fields point into it, and of a prefix no field points into', async () => {
    const sources = shop().file('exports/a.csv', 1, OLD);
    for (let i = 0; i < 12; i++) sources.file(`galleries/x${i}/shot.png`, 1, OLD);
    const discovery = storefrontDiscovery();
    const report = await scan(sources, discovery);
    const refusals = cleanupRefusals(discovery, report);
    expect(refusals.map((r) => r.stops)).toEqual([
      { kind: 'prefix', prefix: 'exports/' },
      { kind: 'prefix', prefix: 'galleries/' },
    ]);
    expect(refusals[1]!.message).toBe(
      '12 of 12 files under galleries/* (100%) look orphaned although Gallery.photoPaths points into it: ' +
        'more likely a discovery mistake than that much garbage.',
    );
    const byPath = (path: string) => report.orphans.find((o) => o.path === path)!;
    expect(refusalOf(refusals, byPath('galleries/x0/shot.png'))).toBe(refusals[1]);
    expect(refusalOf(refusals, byPath('products/gone/photo.png'))).toBeUndefined();
  });

  it("refuses to clear a field's references when most of them point at no file", async () => {
    const sources = shop();
    for (let i = 0; i < 10; i++) sources.record('Gallery', `g${i}`, { photoPaths: [`galleries/g${i}/lost.png`] });
    const discovery = storefrontDiscovery();
    const refusals = cleanupRefusals(discovery, await scan(sources, discovery));
    expect(refusals.map((r) => r.stops)).toEqual([{ kind: 'field', model: 'Gallery', field: 'photoPaths' }]);
    expect(refusals[0]!.message).toContain('10 of 10 paths of Gallery.photoPaths (100%) point at no stored file');
  });
});

describe('a refused clean-up', () => {
  it('deletes nothing and says why, item by item', async () => {
    const sources = shop();
    const discovery = storefrontDiscovery({ status: 'unresolved', sampled: { values: 4, resolved: 0 } });
    const report = await scan(sources, discovery);
    const refusals = cleanupRefusals(discovery, report);
    const before = sources.objects.size;
    const remove = deleteOrphan(sources, scanPlan(discovery, () => undefined).fields, { ...options, refusals });
    for (const file of report.orphans) {
      await expectAsync(lastValueFrom(remove(file))).toBeRejectedWithError(
        /^Clean-up refused: Employee\.avatarPath holds/,
      );
    }
    expect(sources.objects.size).toBe(before);
    expect(sources.calls.filter((c) => c.startsWith('remove') || c.startsWith('refs'))).toEqual([]);
  });

  it('leaves dangling references of a refused field as they are', async () => {
    const sources = shop().record('Product', 'p9', { imageKeys: ['products/p9/lost.png'] });
    const discovery = storefrontDiscovery({ status: 'ambiguous' });
    const report = await scan(sources, discovery);
    const clear = clearDangling(
      sources,
      [{ model: 'Product', field: 'imageKeys', kind: 'many' }],
      cleanupRefusals(discovery, report),
    );
    const [group] = groupDangling(report.dangling);
    await expectAsync(lastValueFrom(clear(group!))).toBeRejectedWithError(/^Clean-up refused/);
    expect(sources.records.get('Product')!.get('p9')!.fields['imageKeys']).toEqual(['products/p9/lost.png']);
  });

  it('still runs where nothing is refused', async () => {
    const sources = shop();
    const report = await scan(sources, storefrontDiscovery());
    const remove = deleteOrphan(sources, scanPlan(storefrontDiscovery(), () => undefined).fields, {
      ...options,
      refusals: cleanupRefusals(storefrontDiscovery(), report),
    });
    for (const file of report.orphans) expect(await lastValueFrom(remove(file))).toBe('deleted');
    expect(sources.objects.has('products/gone/photo.png')).toBeFalse();
    expect(sources.objects.size).toBe(8);
  });
});
