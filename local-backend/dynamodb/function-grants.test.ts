import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFunctions } from '../data/function-definitions.ts';

// The shapes `ampx` synthesizes for `tables['Song'].grantReadData(fn)` and
// `fn.addEnvironment('SONG_TABLE_NAME', tables['Song'].tableName)` (seen in a synthesized data stack).
const arnOf = (model: string) => ({
  'Fn::GetAtt': [
    `amplifyData${model}NestedStack${model}NestedStackResource03A3147E`,
    `Outputs.amplifylocalsandboxsandboxc739d43495dataamplifyData${model}${model}Table82233350TableArn`,
  ],
});
const nameOf = (model: string) => ({
  'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', arnOf(model)] }] }] }],
});

test("a function's table grants and table-name variables are read from its role's policy and its environment", () => {
  const resources: [string, { Type: string; Properties?: Record<string, unknown> }][] = [
    [
      'scanlambda5954ABC4',
      {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Tags: [{ Key: 'amplify:friendly-name', Value: 'scan' }],
          Role: { 'Fn::GetAtt': ['scanlambdaServiceRoleED6B6EEA', 'Arn'] },
          Code: { S3Key: 'abc.zip' },
          Environment: {
            Variables: {
              AMPLIFY_SSM_ENV_CONFIG: '{}',
              SONG_TABLE_NAME: nameOf('Song'),
              ALBUM_ARN: arnOf('PhotoAlbum'),
            },
          },
        },
      },
    ],
    [
      'scanlambdaServiceRoleDefaultPolicy',
      {
        Type: 'AWS::IAM::Policy',
        Properties: {
          Roles: [{ Ref: 'scanlambdaServiceRoleED6B6EEA' }],
          PolicyDocument: {
            Statement: [
              {
                Action: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan'],
                Effect: 'Allow',
                Resource: [arnOf('Song'), { 'Fn::Join': ['', [arnOf('Song'), '/index/*']] }],
              },
              { Action: 's3:GetObject', Effect: 'Allow', Resource: 'arn:aws:s3:::bucket/*' },
            ],
          },
        },
      },
    ],
    [
      'scanDataSource',
      {
        Type: 'AWS::AppSync::DataSource',
        Properties: {
          Type: 'AWS_LAMBDA',
          Name: 'scanLambdaDataSource',
          LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': ['scanlambda5954ABC4', 'Arn'] } },
        },
      },
    ],
  ];
  const schema =
    'type Mutation { startScan: String @function(name: "scan") @auth(rules: [{allow: groups, groups: ["ADMINS"]}]) }';
  const { functions } = extractFunctions(resources, schema, () => 'export const handler = async () => null;');
  const [fn] = functions;
  assert.deepEqual(fn?.tableGrants, [
    {
      actions: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan'],
      resources: [
        { model: 'Song', suffix: '' },
        { model: 'Song', suffix: '/index/*' },
      ],
    },
  ]);
  assert.deepEqual(fn?.tableEnvironment, {
    SONG_TABLE_NAME: { model: 'Song', attribute: 'name' },
    ALBUM_ARN: { model: 'PhotoAlbum', attribute: 'arn' },
  });
});
