/** A refusal as DynamoDB answers it: HTTP 400 with `{"__type": "<namespace>#<code>", "message": …}`. */
export class DynamoDbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Members DynamoDB sends beside the message (a failed condition's Item, a transaction's CancellationReasons). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The `__type` DynamoDB writes: its own errors under the API's namespace, the front end's under coral's. */
  get type(): string {
    return `${NAMESPACES[this.code] ?? 'com.amazonaws.dynamodb.v20120810'}#${this.code}`;
  }
}

const NAMESPACES: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate',
  AccessDeniedException: 'com.amazon.coral.service',
  UnrecognizedClientException: 'com.amazon.coral.service',
  InvalidSignatureException: 'com.amazon.coral.service',
  IncompleteSignatureException: 'com.amazon.coral.service',
  MissingAuthenticationTokenException: 'com.amazon.coral.service',
  ExpiredTokenException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  SerializationException: 'com.amazon.coral.service',
};

export const validation = (message: string) => new DynamoDbError('ValidationException', message);

export const resourceNotFound = (message = 'Requested resource not found') =>
  new DynamoDbError('ResourceNotFoundException', message);

export const CONDITION_FAILED = 'The conditional request failed';

/** A ConditionExpression that did not hold, with the item when ReturnValuesOnConditionCheckFailure asked for it. */
export const conditionalCheckFailed = (item?: Record<string, unknown>) =>
  new DynamoDbError('ConditionalCheckFailedException', CONDITION_FAILED, 400, item ? { Item: item } : {});
