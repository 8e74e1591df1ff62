import type { Discovery, DiscoveredFileField } from '../discovery/discovery-result';
import { cleanupBlockers } from '../discovery/discovery-result';
import type { DanglingRef, OrphanFile, ScanReport } from './orphan-report';
import { fieldName } from './scan-plan';

/**
 * Above this share of a prefix's files looking orphaned, while file fields point into it, the
 * report is more likely a discovery mistake than that much garbage: the clean-up refuses.
 */
export const IMPLAUSIBLE_ORPHAN_SHARE = 0.5;
/** Below this many files a share says little (three of four orphaned happens after a few deletes). */
export const PLAUSIBILITY_MIN_FILES = 10;

/** Why (part of) the clean-up will not run. */
export interface CleanupRefusal {
  /** What it stops: every clean-up, the orphans under one prefix, or one field's dangling references. */
  readonly stops:
    | { readonly kind: 'all' }
    | { readonly kind: 'prefix'; readonly prefix: string }
    | { readonly kind: 'field'; readonly model: string; readonly field: string };
  readonly message: string;
  /** How to settle it. */
  readonly fix: string;
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, 1))}%`;

function fieldRefusal(discovery: Discovery, f: DiscoveredFileField): CleanupRefusal {
  const problem = discovery.problems.find((p) => p.kind === f.status && p.model === f.model && p.field === f.field);
  const { values, resolved } = f.sampled;
  const share = `${resolved} of ${values} sampled values (${percent(resolved, values)}) resolved to storage paths`;
  if (f.status === 'unresolved') {
    return {
      stops: { kind: 'all' },
      message:
        `${fieldName(f)} holds values that do not lead to stored files: ${share}. Every file it refers to ` +
        'would look orphaned, and cleaning them up would delete files that are in use.',
      fix:
        problem?.fix ??
        'Store the path that uploadData returns in the record instead of the file name, and rewrite the existing records the same way.',
    };
  }
  return {
    stops: { kind: 'all' },
    message: `${fieldName(f)} may hold file paths and is not settled (${share}): files it refers to could look orphaned.`,
    fix: `Settle it in console.config.json: list it under the model's files if it holds storage paths, or set it to false.${problem?.snippet ? `\n${problem.snippet}` : ''}`,
  };
}

/**
 * Why the clean-up must not run on this report. While discovery has not vouched for every field
 * that may hold file paths (cleanupBlockers), nothing is cleaned up. Otherwise the orphans of a
 * prefix where most files look orphaned although fields point into it, or where no field points at
 * all, are left alone, and so are the dangling references of a field most of whose paths are gone.
 */
export function cleanupRefusals(discovery: Discovery | undefined, report: ScanReport): CleanupRefusal[] {
  if (!discovery) {
    return [
      {
        stops: { kind: 'all' },
        message: 'Discovery has not read the backend, so nothing says which fields hold file paths.',
        fix: 'Open the Data model page and look again; scan once it has run.',
      },
    ];
  }
  const refusals: CleanupRefusal[] = [];
  if (cleanupBlockers(discovery).length) {
    const blocking = discovery.models
      .flatMap((m) => m.fileFields)
      .filter((f) => f.status === 'unresolved' || f.status === 'ambiguous');
    refusals.push(...blocking.map((f) => fieldRefusal(discovery, f)));
  }
  const discovered = discovery.models.flatMap((m) => m.fileFields);
  for (const p of report.prefixes) {
    const t = report.totals.prefixes?.[p.prefix];
    if (!t || t.orphaned === 0) continue;
    if (p.unread?.length) {
      refusals.push({
        stops: { kind: 'prefix', prefix: p.prefix },
        message: `${p.unread.join(', ')} point${p.unread.length === 1 ? 's' : ''} into ${p.pattern}, but your groups cannot read all of those records: files they reference would look orphaned.`,
        fix: 'Scan as a member of a group that reads every record of these models.',
      });
      continue;
    }
    // A field not yet settled points into it: the refusal above already says so.
    const unsettled = discovered.some((f) => f.paths.includes(p.pattern));
    if (p.fields.length === 0 && !unsettled) {
      refusals.push({
        stops: { kind: 'prefix', prefix: p.prefix },
        message: `No file field points into ${p.pattern}, so all ${t.files} of its files look orphaned: the console cannot tell whether the app uses them.`,
        fix: `If records hold these paths, name the field in console.config.json (a keyTemplate under ${p.prefix}).`,
      });
    } else if (t.files >= PLAUSIBILITY_MIN_FILES && t.orphaned / t.files > IMPLAUSIBLE_ORPHAN_SHARE) {
      refusals.push({
        stops: { kind: 'prefix', prefix: p.prefix },
        message:
          `${t.orphaned} of ${t.files} files under ${p.pattern} (${percent(t.orphaned, t.files)}) look orphaned although ` +
          `${p.fields.join(', ')} point${p.fields.length === 1 ? 's' : ''} into it: more likely a discovery mistake than that much garbage.`,
        fix: `Check on the Data model page that these fields hold the paths uploadData returns, then scan again.`,
      });
    }
  }
  for (const [name, t] of Object.entries(report.totals.fields ?? {})) {
    if (t.dangling >= PLAUSIBILITY_MIN_FILES && t.dangling / t.references > IMPLAUSIBLE_ORPHAN_SHARE) {
      const [model = '', field = ''] = name.split('.');
      refusals.push({
        stops: { kind: 'field', model, field },
        message:
          `${t.dangling} of ${t.references} paths of ${name} (${percent(t.dangling, t.references)}) point at no stored ` +
          'file: more likely a discovery mistake (another bucket or prefix) than that many lost files.',
        fix: 'Check the storage paths of this field on the Data model page, then scan again.',
      });
    }
  }
  return refusals;
}

/** The refusal that keeps this orphan or dangling reference from being cleaned up, if any. */
export function refusalOf(
  refusals: readonly CleanupRefusal[],
  item: OrphanFile | DanglingRef,
): CleanupRefusal | undefined {
  return refusals.find(({ stops }) => {
    if (stops.kind === 'all') return true;
    if ('prefix' in item && 'owner' in item) return stops.kind === 'prefix' && stops.prefix === item.prefix;
    const ref = item as DanglingRef;
    return stops.kind === 'field' && stops.model === ref.model && stops.field === ref.field;
  });
}
