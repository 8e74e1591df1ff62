// The Node the project runs on (scripts/node24.mjs fetches it when the machine's is too old), and
// the oldest Node that may run `npm ci` (the machine's own; package.json "engines").
export const NODE_VERSION = '24.21.0';
export const INSTALL_NODE_FLOOR = '20.0.0';
