import { lastValueFrom } from 'rxjs';
import { storageAccessFor } from '../discovery/storage-access';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import type { ScanReport } from './orphan-report';
import { cleanupRefusals } from './cleanup-refusals';
import { scanOrphans } from './scan';
import { type ScanPlan, scanPlan } from './scan-plan';
import { storagePath, discoveryOf } from './testing/scan-discovery-fake';
import { storefrontDiscovery } from './testing/storefront-discovery';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const OLD = new Date(NOW.getTime() - 48 * HOUR);

const planFor = (groups: string[]) => scanPlan(storefrontDiscovery(), (p) => storageAccessFor(p, groups));

async function scan(sources: FakeScanSources, plan: ScanPlan): Promise<ScanReport> {
  const last = await lastValueFrom(scanOrphans(sources, plan, { graceMs: HOUR, now: () => NOW }));
  if (last.type !== 'done') throw new Error('no report');
  return last.report;
}

describe('scanPlan', () => {
  it('lists every storage prefix with the fields that point into it, owner folders whole for a group that reaches them', () => {
    const plan = planFor(['Managers']);
    expect(plan.prefixes.map((p) => [p.prefix, p.ownerScoped, p.fields])).toEqual([
      ['manuals/', false, ['Product.manualPath']],
      ['avatars/', true, ['Employee.avatarPath']],
      ['exports/', false, []],
      ['products/', false, ['Product.imageKeys']],
      ['galleries/', false, ['Gallery.photoPaths']],
    ]);
    expect(plan.fields.map((f) => `${f.model}.${f.field} ${f.kind}`)).toEqual([
      'Product.manualPath one',
      'Product.imageKeys many',
      'Gallery.photoPaths many',
      'Employee.avatarPath one',
    ]);
    expect(plan.unlisted).toEqual([]);
  });

  it("leaves out the server scan's reports/ prefix: its reports are no record's files", () => {
    const discovery = discoveryOf(
      [{ model: 'Song', field: 'coverArtPath', kind: 'one', paths: ['images/*'] }],
      [storagePath('images/*'), storagePath('reports/*')],
    );
    const plan = scanPlan(discovery, () => undefined);
    expect(plan.prefixes.map((p) => p.prefix)).toEqual(['images/']);
    expect(plan.unlisted).toEqual([]);
  });

  it('reports a prefix the groups cannot list, with the rule that would let them, instead of skipping it', () => {
    const plan = planFor(['Staff']);
    expect(plan.prefixes.map((p) => p.prefix)).toEqual(['manuals/', 'products/', 'galleries/']);
    expect(plan.unlisted.map((p) => [p.pattern, p.fields])).toEqual([
      ['avatars/{entity_id}/*', ['Employee.avatarPath']],
      ['exports/*', []],
    ]);
    expect(plan.unlisted[0]!.reason).toContain('one folder per user');
    expect(plan.unlisted[0]!.reason).toContain("allow.groups(['Staff'])");
    expect(plan.unlisted[1]!.reason).toContain(
      "Members of Staff cannot see the files under exports/*: add allow.groups(['Staff'])",
    );
  });

  it('leaves out a field whose records the groups cannot all read, and refuses the orphans of the prefix it points into', async () => {
    const discovery = storefrontDiscovery();
    const plan = scanPlan(
      discovery,
      (p) => storageAccessFor(p, ['Managers']),
      (model) =>
        model === 'Employee' ? { read: 'own', missing: 'Add allow.groups([…]).to([read]).' } : { read: 'all' },
    );
    expect(plan.fields.map((f) => f.model)).not.toContain('Employee');
    expect(plan.unread).toEqual([
      { model: 'Employee', field: 'avatarPath', reason: 'Add allow.groups([…]).to([read]).' },
    ]);
    expect(plan.prefixes.find((p) => p.prefix === 'avatars/')?.unread).toEqual(['Employee.avatarPath']);
    const sources = new FakeScanSources()
      .file('avatars/us-east-1:abc/avatar.png', 5, OLD)
      .file('products/p1/photo.png', 5, OLD)
      .record('Product', 'p1', { imageKeys: ['products/p1/photo.png'] });
    const report = await scan(sources, plan);
    expect(report.unread).toEqual(plan.unread);
    expect(cleanupRefusals(discovery, report)).toEqual([
      {
        stops: { kind: 'prefix', prefix: 'avatars/' },
        message:
          'Employee.avatarPath points into avatars/{entity_id}/*, but your groups cannot read all of those records: files they reference would look orphaned.',
        fix: 'Scan as a member of a group that reads every record of these models.',
      },
    ]);
  });

  it('scans only fields discovery vouches for, and lists a prefix inside another once', () => {
    const discovery = discoveryOf(
      [
        { model: 'Doc', field: 'file', kind: 'one', paths: ['docs/*'] },
        { model: 'Doc', field: 'thumb', kind: 'one', paths: ['docs/thumbs/*'] },
        { model: 'Doc', field: 'note', kind: 'one', paths: [], status: 'ambiguous' },
      ],
      [storagePath('docs/thumbs/*'), storagePath('docs/*')],
    );
    const plan = scanPlan(discovery, () => undefined);
    expect(plan.fields.map((f) => f.field)).toEqual(['file', 'thumb']);
    expect(plan.prefixes.map((p) => [p.prefix, p.fields])).toEqual([['docs/', ['Doc.file', 'Doc.thumb']]]);
  });
});

describe('scanOrphans over several prefixes and fields', () => {
  function shop(): FakeScanSources {
    return new FakeScanSources(2)
      .file('manuals/p1/bp-manual.pdf', 300, OLD)
      .file('manuals/p9/old-manual.pdf', 310, OLD) // orphan of a deleted product
      .file('products/p1/photo-1.png', 10, OLD)
      .file('products/p1/photo-2.png', 11, OLD)
      .file('products/p1/left.png', 12, OLD) // orphan of a product that exists
      .file('galleries/g1/shot-1.png', 20, OLD)
      .file('avatars/us-east-1:abc/avatar.png', 5, OLD)
      .file('avatars/us-east-1:old/avatar.png', 6, OLD) // orphan in an owner folder
      .file('exports/2026.csv', 7, OLD) // under a prefix no field points into
      .record('Product', 'p1', {
        manualPath: ['manuals/p1/bp-manual.pdf'],
        imageKeys: ['products/p1/photo-1.png', 'products/p1/photo-2.png', 'products/p1/gone.png'],
      })
      .record('Product', 'p2', { manualPath: ['manuals/p2/missing.pdf'], imageKeys: [] })
      .record('Gallery', 'g1', { photoPaths: ['galleries/g1/shot-1.png', 'products/p1/photo-1.png'] })
      .record('Employee', 'e1', { avatarPath: ['avatars/us-east-1:abc/avatar.png'] })
      .record('Employee', 'e2', { avatarPath: ['avatar.png'] });
  }

  it('finds the orphans of every prefix, each with its prefix and the record its key names', async () => {
    const report = await scan(shop(), planFor(['Managers']));
    const orphans = [...report.orphans].sort((a, b) => a.path.localeCompare(b.path));
    expect(orphans.map((o) => [o.path, o.prefix, o.owner.id, o.owner.model ?? null, o.owner.exists])).toEqual([
      ['avatars/us-east-1:old/avatar.png', 'avatars/', null, null, false],
      ['exports/2026.csv', 'exports/', null, null, false],
      ['manuals/p9/old-manual.pdf', 'manuals/', 'p9', null, false],
      ['products/p1/left.png', 'products/', 'p1', 'Product', true],
    ]);
  });

  it('finds dangling references by model and field, notes files two records share, and says what it could not check', async () => {
    const report = await scan(shop(), planFor(['Managers']));
    expect(report.dangling.map((d) => `${d.model}.${d.field} ${d.id} ${d.path}`).sort()).toEqual([
      'Product.imageKeys p1 products/p1/gone.png',
      'Product.manualPath p2 manuals/p2/missing.pdf',
    ]);
    expect(report.shared).toEqual([
      {
        path: 'products/p1/photo-1.png',
        size: 10,
        refs: [
          { model: 'Product', id: 'p1', field: 'imageKeys' },
          { model: 'Gallery', id: 'g1', field: 'photoPaths' },
        ],
      },
    ]);
    expect(report.unchecked).toEqual([
      { model: 'Employee', id: 'e2', field: 'avatarPath', path: 'avatar.png', reason: 'not-storage' },
    ]);
  });

  it('counts records once per model and files per prefix', async () => {
    const report = await scan(shop(), planFor(['Managers']));
    expect(report.totals.records).toEqual({ Product: 2, Gallery: 1, Employee: 2 });
    expect(report.totals.prefixes).toEqual({
      'manuals/': { files: 2, bytes: 610, orphaned: 1, orphanedBytes: 310 },
      'avatars/': { files: 2, bytes: 11, orphaned: 1, orphanedBytes: 6 },
      'exports/': { files: 1, bytes: 7, orphaned: 1, orphanedBytes: 7 },
      'products/': { files: 3, bytes: 33, orphaned: 1, orphanedBytes: 12 },
      'galleries/': { files: 1, bytes: 20, orphaned: 0, orphanedBytes: 0 },
    });
    expect(report.totals.fields).toEqual({
      'Product.manualPath': { references: 2, dangling: 1 },
      'Product.imageKeys': { references: 3, dangling: 1 },
      'Gallery.photoPaths': { references: 2, dangling: 0 },
      'Employee.avatarPath': { references: 1, dangling: 0 },
    });
  });

  it('does not list a prefix the user cannot list, and does not call its references dangling', async () => {
    const sources = shop().record('Employee', 'e3', { avatarPath: ['avatars/us-east-1:gone/avatar.png'] });
    const report = await scan(sources, planFor(['Staff']));
    expect(sources.calls.filter((c) => c.startsWith('files')).length).toBe(4);
    expect(report.orphans.map((o) => o.path).sort()).toEqual(['manuals/p9/old-manual.pdf', 'products/p1/left.png']);
    expect(report.unlisted.map((u) => u.pattern)).toEqual(['avatars/{entity_id}/*', 'exports/*']);
    expect(report.unchecked.map((u) => `${u.id} ${u.reason}`).sort()).toEqual([
      'e1 unlisted',
      'e2 not-storage',
      'e3 unlisted',
    ]);
    expect(report.dangling.some((d) => d.model === 'Employee')).toBeFalse();
  });
});
