import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';

/*
 * `npx ampx sandbox` would deploy operator management: amplify/backend.ts synthesizes offline, and
 * its templates hold the user-admin function, exactly its Cognito grants, the custom operations it
 * handles and a user pool that allows admin-created users only.
 */
const REPO = fileURLToPath(new URL('../', import.meta.url));

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

const EXPECTED_ACTIONS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
];

describe('amplify/backend.ts synthesized offline', { timeout: 240_000 }, () => {
  let resources: [string, Resource][] = [];

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'user-admin-synth-'));
    try {
      const out = join(work, 'templates.json');
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          join(REPO, 'local-backend/testing/synth-templates.ts'),
          join(REPO, 'amplify/backend.ts'),
          out,
        ],
        { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 << 20 },
      );
      const templates = JSON.parse(readFileSync(out, 'utf8')) as Record<
        string,
        { Resources?: Record<string, Resource> }
      >;
      resources = Object.values(templates).flatMap((t) => Object.entries(t.Resources ?? {}));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const userAdminLambda = () => {
    const found = ofType('AWS::Lambda::Function').filter(([, r]) =>
      (r.Properties?.['Tags'] as { Key: string; Value: string }[] | undefined)?.some(
        (t) => t.Key === 'amplify:friendly-name' && t.Value === 'user-admin',
      ),
    );
    assert.equal(found.length, 1, 'one user-admin Lambda function');
    return found[0]!;
  };

  test('the user pool allows admin-created users only', () => {
    const pools = ofType('AWS::Cognito::UserPool');
    assert.equal(pools.length, 1);
    assert.deepEqual(pools[0]![1].Properties?.['AdminCreateUserConfig'], { AllowAdminCreateUserOnly: true });
  });

  test('the user-admin function is told which user pool to manage', () => {
    const [, fn] = userAdminLambda();
    const vars = (fn.Properties?.['Environment'] as { Variables: Record<string, string> }).Variables;
    assert.ok('AMPLIFY_AUTH_USERPOOL_ID' in vars);
    assert.match(vars['AMPLIFY_SSM_ENV_CONFIG']!, /AMPLIFY_AUTH_USERPOOL_ID/);
  });

  test("the function's role may call exactly the Cognito admin actions the handler uses, on the pool", () => {
    const [, fn] = userAdminLambda();
    const roleId = (fn.Properties?.['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
    const cognitoStatements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties?.['Roles'] as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties?.['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement)
      .filter((s) => [s['Action']].flat().some((a) => String(a).startsWith('cognito-idp:')));
    assert.equal(cognitoStatements.length, 1);
    const [statement] = cognitoStatements;
    assert.deepEqual([statement!['Action']].flat().sort(), EXPECTED_ACTIONS);
    assert.deepEqual(statement!['Resource'], { 'Fn::GetAtt': [poolId, 'Arn'] });
  });

  test('every user-management operation is resolved by the function', () => {
    const lambdaSources = ofType('AWS::AppSync::DataSource')
      .filter(([, d]) => d.Properties?.['Type'] === 'AWS_LAMBDA')
      .map(([, d]) => String(d.Properties?.['Name']))
      .sort();
    assert.deepEqual(lambdaSources, [
      'FnDisableUserLambdaDataSource',
      'FnEnableUserLambdaDataSource',
      'FnInviteUserLambdaDataSource',
      'FnListUsersLambdaDataSource',
      'FnRemoveUserLambdaDataSource',
      'FnSetUserRoleLambdaDataSource',
      // Not user management: the orphan scan's on-demand start (amplify/data/resource.ts).
      'FnStartOrphanScanLambdaDataSource',
    ]);
  });
});
