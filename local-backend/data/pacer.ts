import { specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

/**
 * Keeps one GraphQL request from holding the event loop: the request's resolvers run inline until
 * it has used a slice of time, then one by one in later turns of the loop, so the other requests
 * (Cognito, S3, realtime, other queries) are served in between.
 */

/** How long a request may run before it lets others in; well under the 100 ms one may wait. */
export const SLICE_MS = 5;

/** Documents up to this many tokens are validated in one go (about 10 ms); larger ones rule group by rule group. */
const VALIDATE_AT_ONCE_TOKENS = 1_500;
const RULE_GROUPS = 9;

export class Pacer {
  private sliceStart = performance.now();
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  /** Runs `work` now if the request's slice has time left, else in a later turn of the event loop. */
  run<T>(work: () => T): T | Promise<T> {
    if (!this.queue.length && !this.due()) return work();
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(work());
        } catch (err) {
          reject(err as Error);
        }
      });
      this.schedule();
    });
  }

  /** Resolves now if the slice has time left, else after a turn of the event loop. */
  turn(): Promise<void> | undefined {
    return this.run(() => undefined) as Promise<void> | undefined;
  }

  private due(): boolean {
    return performance.now() - this.sliceStart >= SLICE_MS;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One slice per setImmediate: an immediate queued from an immediate runs after pending I/O.
    setImmediate(() => {
      this.scheduled = false;
      this.sliceStart = performance.now();
      do this.queue.shift()!();
      while (this.queue.length && !this.due());
      if (this.queue.length) this.schedule();
    });
  }
}

/**
 * graphql-js validation is synchronous: a large document (up to the token limit, ~100 ms of
 * rules) is validated a few rules at a time, with turns of the event loop between. The first
 * group with errors answers, so a large invalid document may list fewer errors than a small one.
 */
export async function validatePaced(
  schema: GraphQLSchema,
  document: DocumentNode,
  tokens: number,
  pacer: Pacer,
): Promise<readonly GraphQLError[]> {
  if (tokens <= VALIDATE_AT_ONCE_TOKENS) return validate(schema, document);
  const size = Math.ceil(specifiedRules.length / RULE_GROUPS);
  for (let at = 0; at < specifiedRules.length; at += size) {
    await pacer.turn();
    const errors = validate(schema, document, specifiedRules.slice(at, at + size));
    if (errors.length) return errors;
  }
  return [];
}
