import { ActionsColumn } from './actions-column';
import { BulkBar } from './bulk-bar';
import { ListHeader } from './list-header';
import { ListSearch } from './list-search';
import { ListStates } from './list-states';
import { SelectColumn } from './select-column';
import { UpdatedColumn } from './updated-column';

/** Everything a list page's template uses from here, for its component's `imports`. */
export const RECORD_LIST = [
  ListHeader,
  ListSearch,
  ListStates,
  BulkBar,
  SelectColumn,
  UpdatedColumn,
  ActionsColumn,
] as const;
