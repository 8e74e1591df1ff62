/** The demo users created on first start, one per role; documented in the README. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@example.com', password: 'Demo-Admin-2026', group: 'ADMINS' },
  { email: 'operator@example.com', password: 'Demo-Operator-2026', group: 'OPERATORS' },
  { email: 'viewer@example.com', password: 'Demo-Viewer-2026', group: 'VIEWERS' },
] as const;
