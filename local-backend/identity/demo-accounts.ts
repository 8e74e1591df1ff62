// The demo users are this repository's seed's (amplify/seed/demo-plan.ts); tests sign in as them.
export { DEMO_ACCOUNTS } from '../../amplify/seed/demo-plan.ts';
