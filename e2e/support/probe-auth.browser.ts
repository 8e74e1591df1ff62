// Shared by the browser probes: configure Amplify from the local backend's outputs, and sign in.
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';

export function configure(outputs: Record<string, unknown>): void {
  Amplify.configure(toResourcesConfig(outputs));
}

/** Signs out whoever is signed in, then signs in; true once signed in. */
export async function signInAs(username: string, password: string): Promise<boolean> {
  await signOut();
  return (await signIn({ username, password })).isSignedIn;
}
