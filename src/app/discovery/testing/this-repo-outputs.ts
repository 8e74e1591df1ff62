import { groupsRule, modelOf, plainRule } from './outputs-builder';

/** Song's and PhotoAlbum's rules in amplify/data/resource.ts. */
const RULES = [
  plainRule('public', ['read']),
  groupsRule(['ADMINS'], ['create', 'read', 'update', 'delete']),
  groupsRule(['OPERATORS'], ['create', 'read', 'update']),
  groupsRule(['VIEWERS'], ['read']),
];
const KEYED = { keyAttribute: true };

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
        Song: modelOf('Song', { name: { type: 'String', required: true }, coverArtPath: 'String' }, RULES, KEYED),
        PhotoAlbum: modelOf(
          'PhotoAlbum',
          { name: { type: 'String', required: true }, imagePaths: { type: 'String', list: true } },
          RULES,
          KEYED,
        ),
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
