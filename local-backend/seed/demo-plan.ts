// This repository's demo world is decided by its seed (amplify/seed/demo-plan.ts); tests read it from here.
export * from '../../amplify/seed/demo-plan.ts';
