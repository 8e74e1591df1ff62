import { validation } from './errors.ts';
import type { LocalTable } from './tables.ts';

type Body = Record<string, unknown>;

const MAX_SEGMENTS = 1_000_000;
/** Segments split the key range at fixed points of the hex alphabet Amplify's UUID ids are drawn from. */
const SEGMENT_SPACE = 16 ** 6;

/** The store key range [low, high) of a segment, in the order ItemStore keeps keys (UTF-8 bytes). */
export function segmentRange(table: LocalTable, segment: number, total: number): { low?: string; high?: string } {
  const point = (s: number) => {
    const hex = Math.floor((s * SEGMENT_SPACE) / total)
      .toString(16)
      .padStart(6, '0');
    return table.keyFields.length === 1 ? hex : `["${hex}`;
  };
  return {
    ...(segment > 0 ? { low: point(segment) } : {}),
    ...(segment < total - 1 ? { high: point(segment + 1) } : {}),
  };
}

/** The string just below `s` in key order, so that a `pk > after` page starts at `s` itself. */
export function justBelow(s: string): string {
  return s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) - 1);
}

export function segmentOf(body: Body): { segment: number; total: number } | undefined {
  const segment = body['Segment'];
  const total = body['TotalSegments'];
  if (segment === undefined && total === undefined) return undefined;
  if (total === undefined) {
    throw validation(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (segment === undefined) {
    throw validation(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  }
  if (!Number.isInteger(total) || (total as number) < 1 || (total as number) > MAX_SEGMENTS) {
    throw validation(
      `1 validation error detected: Value '${String(total)}' at 'totalSegments' failed to satisfy constraint: Member must have value ${(total as number) < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_SEGMENTS}`}`,
    );
  }
  if (!Number.isInteger(segment) || (segment as number) < 0) {
    throw validation(
      `1 validation error detected: Value '${String(segment)}' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
  }
  if ((segment as number) >= (total as number)) {
    throw validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${String(segment)} is not less than TotalSegments: ${String(total)}`,
    );
  }
  return { segment: segment as number, total: total as number };
}
