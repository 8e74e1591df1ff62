import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { access, allows, fillOwner, modesOf } from './auth-rules.ts';
import type { Caller } from './caller.ts';
import type { Model } from './models.ts';
import type { AuthRule } from './schema-loader.ts';

const user = (sub: string, groups: string[] = []): Caller => ({
  mode: 'AMAZON_COGNITO_USER_POOLS',
  groups,
  claims: {
    sub,
    iss: 'x',
    token_use: 'access',
    exp: 0,
    iat: 0,
    auth_time: 0,
    username: `${sub}-name`,
    'cognito:groups': groups,
  },
});
const apiKey: Caller = { mode: 'API_KEY', groups: [] };

describe('model rules beyond the ones amplify/data/resource.ts uses today', () => {
  test('owner rules grant only the caller’s own records, and fill the owner on create', () => {
    const rules: AuthRule[] = [
      {
        allow: 'owner',
        ownerField: 'owner',
        identityClaim: 'sub::username',
        provider: 'userPools',
        operations: ['create', 'read', 'update', 'delete'],
      },
    ];
    const alice = user('alice');
    const granted = access(rules, alice, 'update');
    assert.ok(granted && !granted.all);
    assert.equal(allows(granted, { owner: 'alice::alice-name' }), true);
    assert.equal(allows(granted, { owner: 'bob::bob-name' }), false);
    assert.equal(access(rules, apiKey, 'get'), null);
    const model = { rules } as Model;
    const item: Record<string, unknown> = { name: 'x' };
    fillOwner(model, alice, item);
    assert.equal(item['owner'], 'alice::alice-name');
  });

  test('authenticated (private) grants every signed-in user, groupsField only members', () => {
    assert.deepEqual(access([{ allow: 'private', operations: ['read'] }], user('u'), 'list'), { all: true });
    assert.equal(access([{ allow: 'private', operations: ['read'] }], user('u'), 'create'), null);
    const dynamic = access(
      [{ allow: 'groups', groupsField: 'editors', provider: 'userPools' }],
      user('u', ['TEAM']),
      'update',
    );
    assert.equal(allows(dynamic, { editors: ['TEAM', 'OTHER'] }), true);
    assert.equal(allows(dynamic, { editors: ['OTHER'] }), false);
  });

  test('rules for providers the local backend does not serve grant nothing', () => {
    assert.equal(access([{ allow: 'private', provider: 'iam' }], user('u', ['ADMINS']), 'get'), null);
    assert.equal(access([{ allow: 'public', provider: 'identityPool' }], apiKey, 'get'), null);
  });

  test('@aws_* directives: the field’s own, else its type’s, else the default mode', () => {
    const schema = buildSchema(`
      directive @aws_api_key on OBJECT | FIELD_DEFINITION
      directive @aws_cognito_user_pools on OBJECT | FIELD_DEFINITION
      type Q @aws_api_key { a: String b: String @aws_cognito_user_pools }
      type R { c: String }
      type Query { q: Q r: R }
    `);
    const q = schema.getType('Q') as GraphQLObjectType;
    const r = schema.getType('R') as GraphQLObjectType;
    assert.deepEqual([...modesOf(q, q.getFields()['a']!, 'AMAZON_COGNITO_USER_POOLS')], ['API_KEY']);
    assert.deepEqual([...modesOf(q, q.getFields()['b']!, 'API_KEY')], ['AMAZON_COGNITO_USER_POOLS']);
    assert.deepEqual([...modesOf(r, r.getFields()['c']!, 'AMAZON_COGNITO_USER_POOLS')], ['AMAZON_COGNITO_USER_POOLS']);
  });
});
