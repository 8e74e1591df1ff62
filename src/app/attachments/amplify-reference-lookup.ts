import { toAttachmentError } from './error-mapping';
import type { ReferenceField, ReferenceLookup, Referrer } from './file-references';

/** Records a filtered list asks for a page (DynamoDB reads at most 1 MB a page whatever the limit). */
const PAGE_SIZE = 1000;

interface ListResult {
  data: (Record<string, unknown> | null)[] | null;
  nextToken?: string | null;
  errors?: unknown[];
}

/** What the lookup needs of generateClient(), typed shallowly (a model is only known by name here). */
interface ModelsClient {
  models: Record<
    string,
    | {
        list(options: {
          limit: number;
          nextToken?: string | null;
          filter: Record<string, unknown>;
          selectionSet: string[];
          authMode?: string;
        }): Promise<ListResult>;
      }
    | undefined
  >;
}

/** The Data module's part the lookup uses; the app loads it lazily, tests hand in the one they configure. */
export interface ReferenceDataModule {
  generateClient(): unknown;
}

function referrer(field: ReferenceField, raw: Record<string, unknown>): Referrer {
  const value = raw[field.field];
  const all = Array.isArray(value) ? (value as unknown[]) : [value];
  const name = field.nameField ? raw[field.nameField] : undefined;
  return {
    model: field.model,
    field: field.field,
    id: String(raw['id']),
    ...(typeof name === 'string' && name ? { name } : {}),
    paths: all.filter((p): p is string => typeof p === 'string' && p !== ''),
  };
}

/**
 * The shared-file check's lookup on the Data client's model API: one `list` of the model filtered
 * by an `or` of `eq` (one path a field) or `contains` (a list), which AppSync turns into one
 * DynamoDB filter, following nextToken to the end (a filtered page may be empty before the last).
 * Only records really holding one of the paths are returned (`contains` also matches substrings
 * of a string).
 */
export function createAmplifyReferenceLookup(load: () => Promise<ReferenceDataModule>): ReferenceLookup {
  let client: Promise<ModelsClient> | undefined;
  return async (field, paths) => {
    if (paths.length === 0) return [];
    try {
      client ??= load().then((m) => m.generateClient() as ModelsClient);
      const model = (await client).models[field.model];
      if (!model) throw new Error(`The Data backend has no model ${field.model}.`);
      const op = field.kind === 'one' ? 'eq' : 'contains';
      const terms = paths.map((p) => ({ [field.field]: { [op]: p } }));
      const wanted = new Set(paths);
      const selectionSet = [...new Set(['id', field.field, ...(field.nameField ? [field.nameField] : [])])];
      const found: Referrer[] = [];
      let nextToken: string | null = null;
      do {
        const page: ListResult = await model.list({
          limit: PAGE_SIZE,
          nextToken,
          filter: terms.length === 1 ? terms[0]! : { or: terms },
          selectionSet,
          ...(field.authMode ? { authMode: field.authMode } : {}),
        });
        if (page.errors?.length) throw { errors: page.errors };
        for (const raw of page.data ?? []) {
          const r = raw && referrer(field, raw);
          if (r && r.paths.some((p) => wanted.has(p))) found.push(r);
        }
        nextToken = page.nextToken ?? null;
      } while (nextToken);
      return found;
    } catch (err) {
      throw toAttachmentError(err);
    }
  };
}
