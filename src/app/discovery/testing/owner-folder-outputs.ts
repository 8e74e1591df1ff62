/**
 * An app built like Amplify's storage tutorial: Post keeps only the file *name* in `photo` while
 * the file goes to media/{entity_id}/<name>; Note is guarded by a custom (Lambda) authorizer.
 */
export const OWNER_FOLDER_OUTPUTS: Record<string, unknown> = {
  version: '1.4',
  auth: {
    aws_region: 'us-east-1',
    user_pool_id: 'us-east-1_example',
    user_pool_client_id: 'client',
    groups: [{ MODERATORS: { precedence: 0 } }],
  },
  data: {
    url: 'http://localhost:20005/graphql',
    aws_region: 'us-east-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY', 'AWS_IAM'],
    model_introspection: {
      version: 1,
      models: {
        Post: {
          name: 'Post',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            caption: { name: 'caption', isArray: false, type: 'String', isRequired: false },
            photo: { name: 'photo', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Posts',
          attributes: [
            { type: 'model', properties: {} },
            {
              type: 'auth',
              properties: {
                rules: [
                  {
                    provider: 'userPools',
                    ownerField: 'owner',
                    allow: 'owner',
                    identityClaim: 'cognito:username',
                    operations: ['create', 'update', 'delete', 'read'],
                  },
                  { allow: 'private', operations: ['read'] },
                ],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
        Note: {
          name: 'Note',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            text: { name: 'text', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Notes',
          attributes: [
            { type: 'model', properties: {} },
            {
              type: 'auth',
              properties: { rules: [{ allow: 'custom', operations: ['create', 'update', 'delete', 'read'] }] },
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
    bucket_name: 'media',
    buckets: [
      {
        name: 'media',
        bucket_name: 'media',
        aws_region: 'us-east-1',
        paths: {
          'media/${cognito-identity.amazonaws.com:sub}/*': { entityidentity: ['get', 'list', 'write', 'delete'] },
        },
      },
    ],
  },
};
