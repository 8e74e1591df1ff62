import type { GraphQLError } from 'graphql';

/** An error as AppSync reports it in `errors[]`: a resolver failure with its `errorType`. */
export class AppSyncError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly errorInfo: unknown = null,
  ) {
    super(message);
  }
}

/** An error of the whole request (HTTP status other than 200, no `data`). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
  body() {
    return { errors: [{ errorType: this.errorType, message: this.message }] };
  }
}

export const unauthorized = (field: string, type: string) =>
  new AppSyncError('Unauthorized', `Not Authorized to access ${field} on type ${type}`);

export const conditionalCheckFailed = () =>
  new AppSyncError(
    'DynamoDB:ConditionalCheckFailedException',
    `The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: ${requestId()})`,
  );

export function requestId(): string {
  return crypto.randomUUID();
}

interface Location {
  line: number;
  column: number;
  sourceName: null;
}

const locations = (err: GraphQLError): Location[] | null =>
  err.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;

/** A resolver's error, shaped as AppSync returns it next to partial data. */
export function formatExecutionError(err: GraphQLError): Record<string, unknown> {
  const original = err.originalError;
  if (original instanceof AppSyncError) {
    return {
      path: err.path ?? null,
      data: null,
      errorType: original.errorType,
      errorInfo: original.errorInfo,
      locations: locations(err),
      message: original.message,
    };
  }
  if (original && !(original as GraphQLError).locations && original.constructor === Error) {
    // Our own failures (a bug, the database): not leaked in detail, as AppSync does not.
    return {
      path: err.path ?? null,
      data: null,
      errorType: 'InternalFailure',
      errorInfo: null,
      locations: locations(err),
      message: original.message,
    };
  }
  return { path: err.path ?? null, locations: locations(err), message: err.message };
}

const VALIDATION_KINDS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"/,
    (m) => `FieldUndefined: Field '${m[1]}' in type '${m[2]}' is undefined`,
  ],
  [/^Unknown type "(\w+)"/, (m) => `UnknownType: Unknown type ${m[1]}`],
  [
    /^Unknown argument "(\w+)" on field "(?:\w+\.)?(\w+)"/,
    (m) => `UnknownArgument: Unknown field argument ${m[1]} @ '${m[2]}'`,
  ],
  [
    /^Field "(?:\w+\.)?(\w+)" argument "(\w+)" of type "[^"]+" is required/,
    (m) => `MissingFieldArgument: Missing field argument ${m[2]} @ '${m[1]}'`,
  ],
  [
    /^Variable "\$(\w+)" of type "[^"]+" used in position expecting/,
    (m) => `VariableTypeMismatch: Variable type '${m[1]}' doesn't match expected type`,
  ],
  [/^Variable "\$(\w+)" is not defined/, (m) => `UndefinedVariable: Undefined variable ${m[1]}`],
  [
    /^Field "(\w+)" must not have a selection since/,
    (m) => `SubSelectionNotAllowed: Sub selection not allowed on leaf type @ '${m[1]}'`,
  ],
  [
    /^Field "(\w+)" of type "[^"]+" must have a selection of subfields/,
    (m) => `SubSelectionRequired: Sub selection required for type @ '${m[1]}'`,
  ],
];

/**
 * A document that does not validate against the schema. AppSync (graphql-java) words these
 * "Validation error of type <Kind>: …"; the common kinds are mapped, others keep graphql-js wording.
 */
export function formatValidationError(err: GraphQLError): Record<string, unknown> {
  let message = `Validation error of type InvalidSyntax: ${err.message}`;
  for (const [re, fmt] of VALIDATION_KINDS) {
    const m = err.message.match(re);
    if (m) {
      message = `Validation error of type ${fmt(m)}`;
      break;
    }
  }
  if (
    /^Variable "\$\w+" got invalid value/.test(err.message) ||
    /^Variable "\$\w+" of required type/.test(err.message)
  ) {
    message = err.message.replace(/^Variable "\$(\w+)"/, "Variable '$1'");
  }
  return { path: null, locations: locations(err), message, errorType: 'ValidationError' };
}

export function formatSyntaxError(err: GraphQLError): Record<string, unknown> {
  return {
    path: null,
    locations: locations(err),
    message: `Invalid syntax encountered. ${err.message.replace(/^Syntax Error: /, '')}`,
    errorType: 'MalformedHttpRequestException',
  };
}
