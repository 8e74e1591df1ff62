/**
 * A bookmarks app whose Link has `url` and `icon` strings that may or may not be storage paths;
 * storage has one path, public/*.
 */
export const AMBIGUOUS_OUTPUTS: Record<string, unknown> = {
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
        Link: {
          name: 'Link',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            title: { name: 'title', isArray: false, type: 'String', isRequired: true },
            url: { name: 'url', isArray: false, type: 'String', isRequired: false },
            icon: { name: 'icon', isArray: false, type: 'String', isRequired: false },
            notes: { name: 'notes', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Links',
          attributes: [
            { type: 'model', properties: {} },
            {
              type: 'auth',
              properties: { rules: [{ allow: 'private', operations: ['create', 'update', 'delete', 'read'] }] },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
      },
      enums: {},
      nonModels: {},
    },
  },
  storage: {
    aws_region: 'us-east-1',
    bucket_name: 'links',
    buckets: [
      {
        name: 'links',
        bucket_name: 'links',
        aws_region: 'us-east-1',
        paths: { 'public/*': { authenticated: ['get', 'list', 'write', 'delete'], guest: ['get', 'list'] } },
      },
    ],
  },
};
