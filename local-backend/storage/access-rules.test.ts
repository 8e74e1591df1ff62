import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IssuedCredentials } from '../identity/api.ts';
import { assumedRole } from '../identity/identity-pool.ts';
import { compileAccessRules, isAllowed, type StorageAccessPolicy, type StorageAction } from './access-rules.ts';

const PRECEDENCE = ['ADMINS', 'OPERATORS', 'VIEWERS'];

function caller(name: string, groups: string[], authenticated = true): IssuedCredentials {
  return {
    accessKeyId: `ASIA${name}`,
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(Date.now() + 3600_000),
    identityId: `us-east-1:${name}`,
    authenticated,
    groups,
    role: assumedRole(authenticated, groups, PRECEDENCE),
  };
}

const admin = caller('admin', ['ADMINS']);
const operator = caller('operator', ['OPERATORS']);
const viewer = caller('viewer', ['VIEWERS']);
const signedIn = caller('alice', []);
const otherUser = caller('bob', []);
const guest = caller('guest', [], false);

/** What `who` may do on `key`, as a compact string: g(et) l(ist) w(rite) d(elete). */
function may(policy: StorageAccessPolicy, who: IssuedCredentials, key: string): string {
  const actions: [StorageAction, string][] = [
    ['get', 'g'],
    ['list', 'l'],
    ['write', 'w'],
    ['delete', 'd'],
  ];
  return actions.map(([action, letter]) => (isAllowed(policy, who, action, key) ? letter : '-')).join('');
}

describe('the rules of amplify/storage/resource.ts', () => {
  const policy = compileAccessRules();

  test('per role, on images/, reports/ (read only: the orphan scan writes them) and nowhere else', () => {
    assert.equal(may(policy, admin, 'images/rec/a.png'), 'glwd');
    assert.equal(may(policy, operator, 'images/rec/a.png'), 'glwd');
    assert.equal(may(policy, viewer, 'images/rec/a.png'), 'gl--');
    assert.equal(may(policy, signedIn, 'images/rec/a.png'), '----');
    assert.equal(may(policy, guest, 'images/rec/a.png'), '----');
    for (const who of [admin, operator, viewer]) assert.equal(may(policy, who, 'reports/run/summary.json'), 'gl--');
    assert.equal(may(policy, signedIn, 'reports/latest.json'), '----');
    assert.equal(may(policy, admin, 'private/a.png'), '----');
  });

  test('listing needs a prefix inside a rule’s path, as the s3:prefix condition says', () => {
    assert.ok(isAllowed(policy, viewer, 'list', 'images/'));
    assert.ok(isAllowed(policy, viewer, 'list', 'images/rec/'));
    assert.ok(!isAllowed(policy, admin, 'list', 'images'));
    assert.ok(!isAllowed(policy, admin, 'list', ''));
  });

  test('amplify_outputs.json paths as ampx writes them', () => {
    assert.deepEqual(policy.paths, {
      'images/*': {
        groupsADMINS: ['get', 'list', 'write', 'delete'],
        groupsOPERATORS: ['get', 'list', 'write', 'delete'],
        groupsVIEWERS: ['get', 'list'],
      },
      // The orphan scan's grant (allow.resource) is the function's IAM policy, not an output.
      'reports/*': {
        groupsADMINS: ['get', 'list'],
        groupsOPERATORS: ['get', 'list'],
        groupsVIEWERS: ['get', 'list'],
      },
    });
  });
});

describe('roles come from the token, one per caller', () => {
  test('a user in several groups takes the role of the group defined first', () => {
    assert.deepEqual(assumedRole(true, ['VIEWERS', 'ADMINS'], PRECEDENCE), { kind: 'group', group: 'ADMINS' });
    assert.deepEqual(assumedRole(true, ['VIEWERS', 'OPERATORS'], PRECEDENCE), {
      kind: 'group',
      group: 'OPERATORS',
    });
    const policy = compileAccessRules();
    assert.equal(may(policy, caller('both', ['VIEWERS', 'OPERATORS']), 'images/a.png'), 'glwd');
  });

  test('groups defineAuth does not know give no role; guests get the unauthenticated one', () => {
    assert.deepEqual(assumedRole(true, ['TESTERS'], PRECEDENCE), { kind: 'authenticated' });
    assert.deepEqual(assumedRole(false, ['ADMINS'], PRECEDENCE), { kind: 'guest' });
  });

  test('a group member does not also get what the authenticated role may do (as in the cloud)', () => {
    const policy = compileAccessRules((allow) => ({
      'shared/*': [allow.authenticated.to(['read'])],
      'team/*': [allow.groups(['VIEWERS']).to(['read'])],
    }));
    assert.equal(may(policy, signedIn, 'shared/a.txt'), 'gl--');
    assert.equal(may(policy, viewer, 'shared/a.txt'), '----');
    assert.equal(may(policy, viewer, 'team/a.txt'), 'gl--');
    assert.equal(may(policy, signedIn, 'team/a.txt'), '----');
  });
});

describe('rules beyond the ones amplify/storage/resource.ts uses today', () => {
  test('a sub-path with rules of its own does not inherit its parent’s', () => {
    const policy = compileAccessRules((allow) => ({
      'media/*': [allow.authenticated.to(['read', 'write'])],
      'media/archive/*': [allow.groups(['ADMINS']).to(['read'])],
    }));
    assert.equal(may(policy, signedIn, 'media/a.png'), 'glw-');
    assert.equal(may(policy, signedIn, 'media/archive/a.png'), '----');
    assert.ok(!isAllowed(policy, signedIn, 'list', 'media/archive/'));
    assert.equal(may(policy, admin, 'media/archive/a.png'), 'gl--');
    assert.equal(may(policy, admin, 'media/a.png'), '----');
  });

  test('a rule given on the sub-path too keeps it', () => {
    const policy = compileAccessRules((allow) => ({
      'media/*': [allow.authenticated.to(['read'])],
      'media/archive/*': [allow.authenticated.to(['read']), allow.groups(['ADMINS']).to(['write'])],
    }));
    assert.equal(may(policy, signedIn, 'media/archive/a.png'), 'gl--');
  });

  test('owners reach their own folder only; others read it where a rule says so', () => {
    const policy = compileAccessRules((allow) => ({
      'profiles/{entity_id}/*': [
        allow.entity('identity').to(['read', 'write', 'delete']),
        allow.authenticated.to(['read']),
      ],
    }));
    const mine = `profiles/${signedIn.identityId}/avatar.png`;
    assert.equal(may(policy, signedIn, mine), 'glwd');
    assert.equal(may(policy, otherUser, mine), 'gl--');
    assert.equal(may(policy, guest, mine), '----');
    assert.deepEqual(policy.paths, {
      'profiles/${cognito-identity.amazonaws.com:sub}/*': { entityidentity: ['get', 'list', 'write', 'delete'] },
      'profiles/*': { authenticated: ['get', 'list'] },
    });
  });

  test('guest rules are for guests only', () => {
    const policy = compileAccessRules((allow) => ({
      'public/*': [allow.guest.to(['read'])],
    }));
    assert.equal(may(policy, guest, 'public/a.png'), 'gl--');
    assert.equal(may(policy, signedIn, 'public/a.png'), '----');
  });

  test('wildcards in keys are literal characters, not patterns', () => {
    const policy = compileAccessRules((allow) => ({ 'a.b/*': [allow.authenticated.to(['read'])] }));
    assert.equal(may(policy, signedIn, 'a.b/x'), 'gl--');
    assert.equal(may(policy, signedIn, 'aXb/x'), '----');
  });
});
