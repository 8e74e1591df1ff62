/** An AppSync authorization mode, as the API's settings and the @aws_* directives name them. */
export type AuthMode = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM' | 'OPENID_CONNECT' | 'AWS_LAMBDA';
