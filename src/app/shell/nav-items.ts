import type { Role } from '../core/auth/roles';

export interface NavItem {
  path: string;
  label: string;
  icon: string;
  /** Roles that see the entry; everyone signed in when absent. */
  roles?: Role[];
}

/** The feature pages that exist; each later feature adds its entry here and its lazy route. */
export const NAV_ITEMS: NavItem[] = [{ path: '/overview', label: 'Overview', icon: 'dashboard' }];
