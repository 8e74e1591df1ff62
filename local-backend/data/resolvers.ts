import { randomUUID } from 'node:crypto';
import { defaultFieldResolver, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { access, allows, fillOwner, modesOf, type ModelOperation } from './auth-rules.ts';
import type { Caller } from './caller.ts';
import { checkItemSize, checkKeyValues } from './dynamodb-limits.ts';
import { AppSyncError, conditionalCheckFailed, unauthorized } from './errors.ts';
import { matches } from './filters.ts';
import type { Pacer } from './pacer.ts';
import { indexQuery } from './index-query.ts';
import type { AuthMode, Model, ModelIndex, Operation } from './models.ts';
import { ItemStore, type Item, type StoredItem } from './store.ts';

export interface ExecutionContext {
  caller: Caller;
  /** Called after a successful mutation, for the realtime subscribers. */
  publish(mutation: string, item: Item): void;
  /** Spreads a request's resolvers over turns of the event loop (HTTP requests). */
  pacer?: Pacer;
}

const DEFAULT_LIMIT = 100;
/** DynamoDB stops a Scan page at 1 MB of data whatever the limit. */
const PAGE_BYTES = 1024 * 1024;

/**
 * Attaches a resolver to every field of the schema: AppSync's mode check (@aws_* directives) on
 * all of them, the generated model resolvers on the root fields, field-level @auth on model fields.
 */
export function attachResolvers(
  schema: GraphQLSchema,
  operations: Map<string, Operation>,
  models: Map<string, Model>,
  store: ItemStore,
  defaultMode: AuthMode,
): void {
  const resolvers = new ModelResolvers(store);
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const model = models.get(type.name);
    for (const field of Object.values(type.getFields())) {
      const modes = modesOf(type, field, defaultMode);
      const op = operations.get(`${type.name}.${field.name}`);
      const fieldRules = model?.fieldRules.get(field.name);
      const inner = op
        ? (source: unknown, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo) =>
            ctx.pacer
              ? ctx.pacer.run(() => resolvers.run(op, source, args, ctx, info))
              : resolvers.run(op, source, args, ctx, info)
        : defaultFieldResolver;
      field.resolve = (source, args, ctx: ExecutionContext, info) => {
        if (!modes.has(ctx.caller.mode)) throw unauthorized(field.name, type.name);
        // A function role's appsync:GraphQL statements name the operations' fields.
        if (ctx.caller.role && roots.has(type.name) && !ctx.caller.role.mayCall(type.name, field.name)) {
          throw unauthorized(field.name, type.name);
        }
        if (fieldRules && !allows(access(fieldRules, ctx.caller, 'get'), source as Item)) {
          throw unauthorized(field.name, type.name);
        }
        return inner(source, args, ctx, info);
      };
    }
  }
}

type Args = Record<string, unknown>;

class ModelResolvers {
  constructor(private readonly store: ItemStore) {}

  run(op: Operation, source: unknown, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo): unknown {
    switch (op.kind) {
      case 'get':
        return this.get(op.model, args, ctx, info);
      case 'list':
        return this.list(op.model, args, ctx, info, op.index);
      case 'create':
        return this.create(op.model, args, ctx, info);
      case 'update':
        return this.update(op.model, args, ctx, info);
      case 'delete':
        return this.remove(op.model, args, ctx, info);
      case 'subscribe':
        // Realtime delivers the record as the root value; see realtime.ts.
        return (source as Record<string, unknown> | undefined)?.[info.fieldName] ?? null;
    }
  }

  private permit(model: Model, ctx: ExecutionContext, op: ModelOperation, info: GraphQLResolveInfo) {
    const granted = access(model.rules, ctx.caller, op);
    if (!granted) throw unauthorized(info.fieldName, info.parentType.name);
    return granted;
  }

  private get(model: Model, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo): Item | null {
    const granted = this.permit(model, ctx, 'get', info);
    checkKeyValues(model.keyFields, args);
    const stored = this.store.get(model.name, ItemStore.keyOf(model.keyFields, args));
    if (!stored) return null;
    if (!allows(granted, stored.item)) throw unauthorized(info.fieldName, info.parentType.name);
    return stored.item;
  }

  private list(model: Model, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo, index?: ModelIndex) {
    const granted = this.permit(model, ctx, 'list', info);
    const filter = args['filter'] as Record<string, unknown> | undefined;
    const keep = (item: Item) => allows(granted, item) && matches(item, filter);
    const partition = args[(index?.partition ?? model.keyFields[0])!];
    if (partition === '') checkKeyValues([(index?.partition ?? model.keyFields[0])!], args);
    if (!index && partition !== undefined && partition !== null && model.keyFields.length === 1) {
      const stored = this.store.get(model.name, String(partition));
      return { items: stored && keep(stored.item) ? [stored.item] : [], nextToken: null };
    }
    const limit = (args['limit'] as number | null | undefined) ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AppSyncError(
        'DynamoDB:DynamoDbException',
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
    const desc = args['sortDirection'] === 'DESC';
    const token = args['nextToken'] as string | null | undefined;
    const fetch = Math.min(limit, 10_000) + 1;
    let rows: StoredItem[];
    let tokenAt: (row: StoredItem) => string;
    if (index) {
      const query = indexQuery(model, index, args, fetch, desc);
      rows = this.store.query(model.name, query);
      tokenAt = (row) => query.tokenAt(row);
    } else {
      const after = decodeToken(token, model.name, desc);
      rows = this.store.page(model.name, after, fetch, desc);
      tokenAt = (row) => encodeToken(model.name, row.pk, desc);
    }
    // DynamoDB semantics: `limit` records are read, then filtered; the token marks where reading stopped.
    const items: Item[] = [];
    let bytes = 0;
    let last: StoredItem | null = null;
    let read = 0;
    for (const row of rows) {
      if (read === limit || bytes > PAGE_BYTES) break;
      read++;
      bytes += row.raw.length;
      last = row;
      if (keep(row.item)) items.push(row.item);
    }
    const more = read < rows.length;
    return { items, nextToken: more && last !== null ? tokenAt(last) : null };
  }

  private create(model: Model, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo): Item {
    const granted = this.permit(model, ctx, 'create', info);
    const input = { ...(args['input'] as Args) };
    this.checkFieldWrites(model, ctx, 'create', input, info);
    const now = new Date().toISOString();
    const item: Item = { ...input, __typename: model.name };
    if (
      model.keyFields.length === 1 &&
      (item[model.keyFields[0]!] === undefined || item[model.keyFields[0]!] === null)
    ) {
      item[model.keyFields[0]!] = randomUUID();
    }
    if (model.timestamps.createdAt) item[model.timestamps.createdAt] ??= now;
    if (model.timestamps.updatedAt) item[model.timestamps.updatedAt] ??= now;
    fillOwner(model, ctx.caller, item);
    if (!allows(granted, item)) throw unauthorized(info.fieldName, info.parentType.name);
    checkKeyValues(model.keyFields, item);
    checkItemSize(item);
    const pk = ItemStore.keyOf(model.keyFields, item);
    // The transformer's create is conditional on the key not existing, and on `condition`.
    if (!matches(undefined, args['condition'] as Args) || !this.store.insert(model.name, pk, stripUndefined(item))) {
      throw conditionalCheckFailed();
    }
    ctx.publish(info.fieldName, item);
    return item;
  }

  private update(model: Model, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo): Item {
    const granted = this.permit(model, ctx, 'update', info);
    const input = args['input'] as Args;
    this.checkFieldWrites(model, ctx, 'update', input, info);
    checkKeyValues(model.keyFields, input);
    const pk = ItemStore.keyOf(model.keyFields, input);
    const stored = this.store.get(model.name, pk);
    if (!stored) throw conditionalCheckFailed();
    if (!allows(granted, stored.item)) throw unauthorized(info.fieldName, info.parentType.name);
    if (!matches(stored.item, args['condition'] as Args)) throw conditionalCheckFailed();
    const next: Item = { ...stored.item };
    for (const [k, v] of Object.entries(input)) {
      if (model.keyFields.includes(k)) continue;
      // The generated update resolver REMOVEs attributes set to null.
      if (v === null) delete next[k];
      else next[k] = v;
    }
    const ts = model.timestamps.updatedAt;
    if (ts && input[ts] === undefined) next[ts] = laterThan(stored.item[ts]);
    if (!allows(granted, next)) throw unauthorized(info.fieldName, info.parentType.name);
    checkItemSize(next);
    if (!this.store.compareAndSet(model.name, pk, stored.raw, stripUndefined(next))) throw conditionalCheckFailed();
    ctx.publish(info.fieldName, next);
    return next;
  }

  private remove(model: Model, args: Args, ctx: ExecutionContext, info: GraphQLResolveInfo): Item {
    const granted = this.permit(model, ctx, 'delete', info);
    checkKeyValues(model.keyFields, args['input'] as Args);
    const pk = ItemStore.keyOf(model.keyFields, args['input'] as Args);
    const stored = this.store.get(model.name, pk);
    if (!stored) throw conditionalCheckFailed();
    if (!allows(granted, stored.item)) throw unauthorized(info.fieldName, info.parentType.name);
    if (!matches(stored.item, args['condition'] as Args)) throw conditionalCheckFailed();
    if (!this.store.deleteIf(model.name, pk, stored.raw)) throw conditionalCheckFailed();
    ctx.publish(info.fieldName, stored.item);
    return stored.item;
  }

  /** Field-level @auth on writes: a field the caller may not write refuses the whole mutation. */
  private checkFieldWrites(
    model: Model,
    ctx: ExecutionContext,
    op: 'create' | 'update',
    input: Args,
    info: GraphQLResolveInfo,
  ) {
    for (const [field, rules] of model.fieldRules) {
      if (input[field] === undefined) continue;
      if (!access(rules, ctx.caller, op)) throw unauthorized(info.fieldName, info.parentType.name);
    }
  }
}

/** Strictly later than the previous value, so an `updatedAt` condition always detects a change. */
function laterThan(previous: unknown): string {
  const now = Date.now();
  const prev = typeof previous === 'string' ? Date.parse(previous) : NaN;
  return new Date(Number.isNaN(prev) || now > prev ? now : prev + 1).toISOString();
}

function stripUndefined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

function encodeToken(model: string, pk: string, desc: boolean): string {
  return Buffer.from(JSON.stringify({ v: 1, m: model, k: pk, d: desc ? 1 : 0 })).toString('base64url');
}

function decodeToken(token: string | null | undefined, model: string, desc: boolean): string | null {
  if (token === null || token === undefined) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v: number;
      m: string;
      k: string;
      d: number;
    };
    if (parsed.v === 1 && parsed.m === model && typeof parsed.k === 'string' && parsed.d === (desc ? 1 : 0))
      return parsed.k;
  } catch {
    // fall through
  }
  throw new AppSyncError('DynamoDB:DynamoDbException', 'Invalid pagination token given.');
}
