import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * What one GraphQL document may ask for, checked before any resolver runs. AppSync runs on
 * graphql-java, whose parser refuses documents past a token count; its depth limit is AppSync's.
 */

/** graphql-java's default parser token limit: bounds parse and validation to a few tens of ms. */
export const MAX_QUERY_TOKENS = 15_000;

/**
 * Nesting of braces, brackets and parentheses: the recursive parser overflows the stack near
 * 7,000 levels; graphql-java's parser stops at 500 levels of its grammar rules.
 */
export const MAX_NESTING = 500;

/** The deepest query an AppSync API can be configured to accept (queryDepthLimit, 1–75). */
export const MAX_QUERY_DEPTH = 75;

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Counts the document's tokens and nesting without parsing it, stopping at the first limit
 * passed: the syntax error to answer with, or the count (a lexing error is left to the parser).
 */
export function checkDocumentSize(query: string): { error: GraphQLError } | { tokens: number } {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > MAX_QUERY_TOKENS) {
        return syntaxError(
          `The document has more than ${MAX_QUERY_TOKENS} tokens; it is not parsed (a guard against denial of service).`,
        );
      }
      if (OPENING.has(token.kind) && ++nesting > MAX_NESTING) {
        return syntaxError(
          `The document nests more than ${MAX_NESTING} levels; it is not parsed (a guard against denial of service).`,
        );
      }
      if (CLOSING.has(token.kind)) nesting--;
    }
  } catch {
    // The parser reports it, with its location.
  }
  return { tokens };
}

const syntaxError = (message: string) => ({ error: new GraphQLError(`Syntax Error: ${message}`) });

/**
 * The query depth limit on a validated document: how many fields nest (fragments counted where
 * they are spread, each fragment measured once), as an error past MAX_QUERY_DEPTH; else null.
 */
export function checkQueryDepth(document: DocumentNode): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fragmentDepth = new Map<string, number>();

  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        const name = selection.name.value;
        // Validation has already refused unknown and cyclic fragments.
        if (!fragmentDepth.has(name)) fragmentDepth.set(name, depthOf(fragments.get(name)!.selectionSet));
        deepest = Math.max(deepest, fragmentDepth.get(name)!);
      }
    }
    return deepest;
  };

  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(d.selectionSet);
    if (depth > MAX_QUERY_DEPTH) {
      return new GraphQLError(`Query depth limit of ${MAX_QUERY_DEPTH} exceeded: the query nests ${depth} levels.`, d);
    }
  }
  return null;
}

/** A depth refusal as AppSync lists errors refused before execution (no data, errorType ValidationError). */
export function formatDepthError(err: GraphQLError): Record<string, unknown> {
  const locations = err.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;
  return { path: null, locations, message: err.message, errorType: 'ValidationError' };
}
