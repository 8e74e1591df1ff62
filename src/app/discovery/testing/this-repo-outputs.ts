/**
 * This repository's amplify_outputs.json as the local backend writes it (trimmed: no endpoints
 * beyond the Data URL, no custom operations): Song with one cover, PhotoAlbum with many images,
 * all under images/*, for ADMINS, OPERATORS and VIEWERS.
 */
export const THIS_REPO_OUTPUTS: Record<string, unknown> = {
  version: '1.4',
  auth: {
    aws_region: 'us-east-1',
    user_pool_id: 'us-east-1_f97a97efca28',
    user_pool_client_id: 'e43bb4cebb80da3765f511a2dc',
    identity_pool_id: 'us-east-1:f1f35f2e-9259-44bf-aab8-d1ef4f820165',
    groups: [{ ADMINS: { precedence: 0 } }, { OPERATORS: { precedence: 1 } }, { VIEWERS: { precedence: 2 } }],
  },
  data: {
    url: 'http://localhost:20611/graphql',
    aws_region: 'us-east-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY', 'AWS_IAM'],
    model_introspection: {
      version: 1,
      models: {
        Song: {
          name: 'Song',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            name: { name: 'name', isArray: false, type: 'String', isRequired: true },
            coverArtPath: { name: 'coverArtPath', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Songs',
          attributes: [
            { type: 'model', properties: {} },
            { type: 'key', properties: { fields: ['id'] } },
            {
              type: 'auth',
              properties: {
                rules: [
                  { allow: 'public', provider: 'apiKey', operations: ['read'] },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['create', 'read', 'update', 'delete'],
                    groups: ['ADMINS'],
                  },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['create', 'read', 'update'],
                    groups: ['OPERATORS'],
                  },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['read'],
                    groups: ['VIEWERS'],
                  },
                ],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
        PhotoAlbum: {
          name: 'PhotoAlbum',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            name: { name: 'name', isArray: false, type: 'String', isRequired: true },
            imagePaths: { name: 'imagePaths', isArray: true, type: 'String', isRequired: false, isArrayNullable: true },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'PhotoAlbums',
          attributes: [
            { type: 'model', properties: {} },
            { type: 'key', properties: { fields: ['id'] } },
            {
              type: 'auth',
              properties: {
                rules: [
                  { allow: 'public', provider: 'apiKey', operations: ['read'] },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['create', 'read', 'update', 'delete'],
                    groups: ['ADMINS'],
                  },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['create', 'read', 'update'],
                    groups: ['OPERATORS'],
                  },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['read'],
                    groups: ['VIEWERS'],
                  },
                ],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
      },
      enums: {},
      nonModels: {
        ManagedUser: {
          name: 'ManagedUser',
          fields: {
            username: { name: 'username', isArray: false, type: 'String', isRequired: true, attributes: [] },
            email: { name: 'email', isArray: false, type: 'String', isRequired: false, attributes: [] },
            status: { name: 'status', isArray: false, type: 'String', isRequired: false, attributes: [] },
            role: { name: 'role', isArray: false, type: 'String', isRequired: false, attributes: [] },
            enabled: { name: 'enabled', isArray: false, type: 'Boolean', isRequired: true, attributes: [] },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, attributes: [] },
          },
        },
        UserPage: {
          name: 'UserPage',
          fields: {
            users: {
              name: 'users',
              isArray: true,
              type: { nonModel: 'ManagedUser' },
              isRequired: true,
              attributes: [],
              isArrayNullable: false,
            },
            nextToken: { name: 'nextToken', isArray: false, type: 'String', isRequired: false, attributes: [] },
          },
        },
      },
    },
  },
  storage: {
    aws_region: 'us-east-1',
    bucket_name: 'attachment-console-local',
    buckets: [
      {
        name: 'attachmentConsoleFiles',
        bucket_name: 'attachment-console-local',
        aws_region: 'us-east-1',
        paths: {
          'images/*': {
            groupsADMINS: ['get', 'list', 'write', 'delete'],
            groupsOPERATORS: ['get', 'list', 'write', 'delete'],
            groupsVIEWERS: ['get', 'list'],
          },
        },
      },
    ],
  },
};
