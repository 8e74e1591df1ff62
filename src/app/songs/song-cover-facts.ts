import { type Signal, computed } from '@angular/core';
import type { FileState } from '../attachments/file-states';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { typeLabel } from './song-format';

/** What a Songs row shows of its cover's state in storage. */
export interface CoverFacts {
  /** Storage says no object is there. */
  readonly missing: boolean;
  /** Storage has not answered yet. */
  readonly waiting: boolean;
  /** The Size column: "…" while asking, "—" when missing or unknown, '' without a cover. */
  readonly size: string;
  /** The size when storage gave one, else ''. */
  readonly stored: string;
  /** The Type column: from the content type, else the file name's extension. */
  readonly type: string;
}

const NO_COVER: CoverFacts = { missing: false, waiting: false, size: '', stored: '', type: '' };

export function coverFacts(path: string | null, state: FileState): CoverFacts {
  if (!path) return NO_COVER;
  const info = state && state !== 'error' ? state : null;
  const ext = fileNameOf(path).split('.').pop()?.toUpperCase() ?? '';
  const stored = info ? formatBytes(info.size) : '';
  return {
    missing: state === null,
    waiting: state === undefined,
    size: state === undefined ? '…' : stored || '—',
    stored,
    type: (info && typeLabel(info.contentType)) || ext,
  };
}

const sameFacts = (a: CoverFacts, b: CoverFacts) =>
  a.missing === b.missing && a.waiting === b.waiting && a.size === b.size && a.type === b.type;

/**
 * One signal per cover path, equal while what its row shows stays the same. Storage answers come
 * one path at a time and each wakes every reader of FileStates: read through these, an answer
 * redraws its own row only, not the 100 on the page.
 */
export class CoverFactsCache {
  private readonly facts = new Map<string, Signal<CoverFacts>>();

  constructor(private readonly state: (path: string) => FileState) {}

  of(path: string | null): CoverFacts {
    if (!path) return NO_COVER;
    let facts = this.facts.get(path);
    if (!facts) {
      facts = computed(() => coverFacts(path, this.state(path)), { equal: sameFacts });
      this.facts.set(path, facts);
    }
    return facts();
  }
}
