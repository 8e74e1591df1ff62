import type { FileState } from '../attachments/file-states';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { RowSignals } from '../shared/record-list/row-signals';
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

/** One signal per cover path (see RowSignals): an answer from storage redraws its own row only. */
export class CoverFactsCache {
  private readonly rows = new RowSignals<CoverFacts>(sameFacts);

  constructor(private readonly state: (path: string) => FileState) {}

  of(path: string | null): CoverFacts {
    return path ? this.rows.of(path, () => coverFacts(path, this.state(path))) : NO_COVER;
  }
}
