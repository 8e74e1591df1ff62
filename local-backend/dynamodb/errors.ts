/** A refusal as DynamoDB answers it: HTTP 400 with `{"__type": "<namespace>#<code>", "message": …}`. */
export class DynamoDbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
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
