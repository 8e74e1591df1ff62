import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as realPackage from '@aws-amplify/backend';
import { auth as realAuth } from '../amplify/auth/resource.ts';
import { storage as realStorage } from '../amplify/storage/resource.ts';
import * as standIn from './definition-props.ts';
import { readDefinitionsAsProps, usesStandIn } from './props-hook.ts';
import { compileAccessRules } from './storage/access-rules.ts';

/*
 * The running backend loads amplify/auth and amplify/storage with a props recorder in place of
 * @aws-amplify/backend (props-hook.ts). What it reads must be what the real package holds.
 */
type WithProps = { props: Record<string, unknown> };

/** Props as data: functions (callbacks such as `access`) are compared by name only. */
const shape = (props: unknown) =>
  JSON.parse(
    JSON.stringify(props, (_k, v: unknown) => (typeof v === 'function' ? `function ${v.name}` : v)),
  ) as unknown;

test('the stand-in has every export the installed @aws-amplify/backend has at run time', () => {
  const missing = Object.keys(realPackage).filter((name) => !(name in standIn));
  assert.deepEqual(missing, [], 'add these to definition-props.ts');
});

test('only amplify/’s own imports are routed to the stand-in', () => {
  const amplify = new URL('../amplify/', import.meta.url).href;
  assert.equal(usesStandIn('@aws-amplify/backend', `${amplify}auth/resource.ts`), true);
  assert.equal(usesStandIn('@aws-amplify/backend', new URL('./data/synth-child.ts', import.meta.url).href), false);
  assert.equal(usesStandIn('@aws-amplify/backend', 'file:///elsewhere/x.ts'), false);
  assert.equal(usesStandIn('@aws-amplify/backend-auth', `${amplify}auth/resource.ts`), false);
});

test('auth and storage props read through the stand-in equal the real package’s', async () => {
  readDefinitionsAsProps();
  // A query makes a second, separate instance of each module, loaded with the hook in place.
  const { auth } = (await import(new URL('../amplify/auth/resource.ts?through-stand-in', import.meta.url).href)) as {
    auth: WithProps;
  };
  const { storage } = (await import(
    new URL('../amplify/storage/resource.ts?through-stand-in', import.meta.url).href
  )) as {
    storage: WithProps;
  };
  assert.notEqual(auth, realAuth, 'loaded again, through the stand-in');
  assert.equal(Object.keys(auth).join(), 'props', 'a recorded definition, not the real factory');
  assert.deepEqual(shape(auth.props), shape((realAuth as unknown as WithProps).props));
  const access = (s: unknown) => (s as { props: { access: Parameters<typeof compileAccessRules>[0] } }).props.access;
  assert.deepEqual(compileAccessRules(access(storage)), compileAccessRules(access(realStorage)));
});
