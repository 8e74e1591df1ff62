/**
 * A shop app (model_introspection generated from its Gen 2 schema by Amplify's own generator):
 * Product with a list of images under products/* and a PDF manual under manuals/*; Employee
 * owner-only (allow.owner(), HR reads) with an avatar under avatars/{entity_id}/* that only the owner
 * reaches. Groups CATALOG_EDITORS, SALES, HR.
 */
export const EXAMPLE_OUTPUTS: Record<string, unknown> = {
  version: '1.4',
  auth: {
    aws_region: 'us-east-1',
    user_pool_id: 'us-east-1_example',
    user_pool_client_id: 'client',
    groups: [{ CATALOG_EDITORS: { precedence: 0 } }, { SALES: { precedence: 1 } }, { HR: { precedence: 2 } }],
  },
  data: {
    url: 'http://localhost:20005/graphql',
    aws_region: 'us-east-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY', 'AWS_IAM'],
    model_introspection: {
      version: 1,
      models: {
        Product: {
          name: 'Product',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            name: { name: 'name', isArray: false, type: 'String', isRequired: true },
            sku: { name: 'sku', isArray: false, type: 'String', isRequired: false },
            price: { name: 'price', isArray: false, type: 'Float', isRequired: false },
            inStock: { name: 'inStock', isArray: false, type: 'Boolean', isRequired: false },
            category: { name: 'category', isArray: false, type: { enum: 'ProductCategory' }, isRequired: false },
            imageKeys: { name: 'imageKeys', isArray: true, type: 'String', isRequired: false, isArrayNullable: true },
            manualPath: { name: 'manualPath', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Products',
          attributes: [
            { type: 'model', properties: {} },
            {
              type: 'auth',
              properties: {
                rules: [
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['create', 'read', 'update', 'delete'],
                    groups: ['CATALOG_EDITORS'],
                  },
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['read'],
                    groups: ['SALES'],
                  },
                ],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
        Employee: {
          name: 'Employee',
          fields: {
            id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
            fullName: { name: 'fullName', isArray: false, type: 'String', isRequired: true },
            email: { name: 'email', isArray: false, type: 'AWSEmail', isRequired: false },
            startDate: { name: 'startDate', isArray: false, type: 'AWSDate', isRequired: false },
            avatarPath: { name: 'avatarPath', isArray: false, type: 'String', isRequired: false },
            createdAt: { name: 'createdAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
            updatedAt: { name: 'updatedAt', isArray: false, type: 'AWSDateTime', isRequired: false, isReadOnly: true },
          },
          pluralName: 'Employees',
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
                  {
                    groupClaim: 'cognito:groups',
                    provider: 'userPools',
                    allow: 'groups',
                    operations: ['read'],
                    groups: ['HR'],
                  },
                ],
              },
            },
          ],
          primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
        },
      },
      enums: { ProductCategory: { name: 'ProductCategory', values: ['TOOLS', 'GARDEN', 'KITCHEN'] } },
      nonModels: {},
    },
  },
  storage: {
    aws_region: 'us-east-1',
    bucket_name: 'example-files',
    buckets: [
      {
        name: 'example-files',
        bucket_name: 'example-files',
        aws_region: 'us-east-1',
        paths: {
          'products/*': { groupsCATALOG_EDITORS: ['get', 'list', 'write', 'delete'], groupsSALES: ['get', 'list'] },
          'manuals/*': { groupsCATALOG_EDITORS: ['get', 'list', 'write', 'delete'], groupsSALES: ['get', 'list'] },
          'avatars/${cognito-identity.amazonaws.com:sub}/*': { entityidentity: ['get', 'list', 'write', 'delete'] },
        },
      },
    ],
  },
};
