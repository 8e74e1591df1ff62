// The demo images are made by this repository's seed (amplify/seed/); tests and the planted demo world use them too.
export { demoPng } from '../../amplify/seed/demo-png.ts';
