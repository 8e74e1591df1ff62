// The dev server's proxy configuration (angular.json, serve → development): amplify_outputs.json
// comes from the repository root, read afresh on every request (see dev-outputs-server.mjs).
import { resolve } from 'node:path';
import { startOutputsServer } from './dev-outputs-server.mjs';

const outputs = await startOutputsServer(resolve('amplify_outputs.json'));

export default {
  '/amplify_outputs.json': { target: outputs.url, secure: false },
};
