import type { AttributeMap } from './attribute-values.ts';
import { validation } from './errors.ts';
import { matches, project } from './expression-eval.ts';
import { parseCondition, parseProjection, Placeholders, type Condition, type Path } from './expression-parser.ts';

type Body = Record<string, unknown>;

/** DynamoDB stops a Scan or Query page after 1 MB of items read (before any filter). */
export const PAGE_BYTES = 1024 * 1024;

export interface ReadOptions {
  filter?: Condition;
  projection?: Path[];
  count: boolean;
  limit?: number;
}

export function readOptions(body: Body, withFilter: boolean): { options: ReadOptions; placeholders: Placeholders } {
  const placeholders = new Placeholders(
    body['ExpressionAttributeNames'] as Record<string, string> | undefined,
    body['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
  );
  const limit = body['Limit'];
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1)) {
    throw validation(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  const select = body['Select'];
  if (
    select !== undefined &&
    !['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'].includes(String(select))
  ) {
    throw validation(
      `1 validation error detected: Value '${String(select)}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`,
    );
  }
  const projectionText = body['ProjectionExpression'];
  if (select === 'COUNT' && projectionText !== undefined) {
    throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get only the Count');
  }
  const filterText = withFilter ? body['FilterExpression'] : undefined;
  return {
    placeholders,
    options: {
      filter: typeof filterText === 'string' ? parseCondition(filterText, 'FilterExpression', placeholders) : undefined,
      projection: typeof projectionText === 'string' ? parseProjection(projectionText, placeholders) : undefined,
      count: select === 'COUNT',
      limit: limit as number | undefined,
    },
  };
}

/** Collects one page: Limit counts items read, the page ends at 1 MB read, the filter applies after. */
export class PageBuilder {
  readonly items: AttributeMap[] = [];
  count = 0;
  scanned = 0;
  private bytes = 0;
  lastKey?: AttributeMap;

  constructor(
    private readonly options: ReadOptions,
    private readonly keyOf: (item: AttributeMap) => AttributeMap,
  ) {}

  /** Adds an item read; false once the page is full (its key is then LastEvaluatedKey). */
  add(item: AttributeMap, size: number): boolean {
    this.scanned++;
    this.bytes += size;
    if (!this.options.filter || matches(item, this.options.filter)) {
      this.count++;
      if (!this.options.count) this.items.push(this.options.projection ? project(item, this.options.projection) : item);
    }
    if (this.scanned === this.options.limit || this.bytes >= PAGE_BYTES) {
      this.lastKey = this.keyOf(item);
      return false;
    }
    return true;
  }

  result(): Body {
    return {
      ...(this.options.count ? {} : { Items: this.items }),
      Count: this.count,
      ScannedCount: this.scanned,
      ...(this.lastKey ? { LastEvaluatedKey: this.lastKey } : {}),
    };
  }
}
