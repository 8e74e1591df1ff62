/**
 * Amplify's quick-start app: one Todo model with a `content` string, public API key access, no
 * storage at all.
 */
export const TODO_OUTPUTS: Record<string, unknown> = {
  version: '1.4',
  auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_example', user_pool_client_id: 'client', groups: [] },
  data: {
    url: 'http://localhost:20005/graphql',
    aws_region: 'us-east-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY', 'AWS_IAM'],
    model_introspection: {
      version: 1,
      models: {
        Todo: {
          name: 'Todo',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            content: { name: 'content', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Todos',
          attributes: [
            { type: 'model', properties: {} },
            {
              type: 'auth',
              properties: {
                rules: [{ allow: 'public', provider: 'apiKey', operations: ['create', 'update', 'delete', 'read'] }],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
      },
      enums: {},
      nonModels: {},
    },
  },
};
