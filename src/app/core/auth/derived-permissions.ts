import type { Signal } from '@angular/core';
import type { Permission } from './roles';

/**
 * Permissions the backend's own rules give the signed-in user's groups that the role table does not
 * name (any app's group names), read from its data and storage rules once the console has looked
 * at the backend (discovery). Until one is given to the session, the role table is all there is.
 */
export interface DerivedPermissions {
  readonly granted: Signal<readonly Permission[]>;
  /** Resolves once `granted` is known for the user signed in now (a guard waits before refusing). */
  settled(): Promise<void>;
}
