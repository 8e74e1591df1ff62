import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownerClaimsOf } from './owner-claims.ts';

test('owner rules take the identity claim the model schema names, else sub::username', () => {
  const claims = ownerClaimsOf(`
    type Note @model @auth(rules: [{allow: owner, ownerField: "author"}, {allow: groups, groups: ["A"]}]) {
      id: ID!
      secret: String @auth(rules: [{allow: owner, ownerField: "author", identityClaim: "username"}])
    }
    type Memo @model @auth(rules: [{allow: owner, identityClaim: "cognito:username"}]) { id: ID! }
  `);
  // What the introspection says for each: cognito:username, whatever the schema named.
  const fromIntrospection = { allow: 'owner', identityClaim: 'cognito:username' };
  assert.equal(claims.of({ ...fromIntrospection, ownerField: 'author' }, 'Note'), 'sub::username');
  assert.equal(claims.of({ ...fromIntrospection, ownerField: 'author' }, 'Note', 'secret'), 'username');
  assert.equal(claims.of(fromIntrospection, 'Memo'), 'cognito:username');
  assert.equal(claims.of({ allow: 'owner' }, 'Unknown'), 'sub::username');
});
