import { createHmac, randomBytes } from 'node:crypto';
import { makeVerifierWithSalt } from './srp.ts';
import type { IdentityStore } from './store.ts';

export interface SimulatedUser {
  simulated: true;
  sub: string;
  salt: string;
  verifier: string;
}

/**
 * A stand-in for a user that does not exist, for when user existence errors are prevented: the
 * sign-in goes through the same steps and the same arithmetic as for a real user, then fails as a
 * wrong password does. Stable per name (a salt that changed from one attempt to the next would
 * tell that the user is not real), derived from a secret kept in the pool's store.
 */
export function simulatedUser(store: IdentityStore, poolName: string, name: string): SimulatedUser {
  const secret = store.metaOrCreate('simulatedUserSecret', () => randomBytes(32).toString('hex'));
  const derive = (purpose: string) =>
    createHmac('sha256', secret).update(`${purpose}\0${name.toLowerCase()}`).digest('hex');
  const id = derive('sub');
  const sub = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-a${id.slice(17, 20)}-${id.slice(20, 32)}`;
  const salt = derive('salt').slice(0, 32);
  return { simulated: true, sub, salt, verifier: makeVerifierWithSalt(poolName, sub, derive('password'), salt) };
}
