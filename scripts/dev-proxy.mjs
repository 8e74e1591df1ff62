// The dev server's proxy configuration (angular.json, serve → development): amplify_outputs.json
// comes from the repository root and console.config.json from the project served (or the root),
// each read afresh on every request (see dev-outputs-server.mjs).
import { resolve } from 'node:path';
import { consoleConfigFile, startOutputsServer } from './dev-outputs-server.mjs';

const outputs = await startOutputsServer(resolve('amplify_outputs.json'));
const configFile = consoleConfigFile();
const config = await startOutputsServer(configFile, `${configFile} does not exist: discovery alone decides.`);

export default {
  '/amplify_outputs.json': { target: outputs.url, secure: false },
  '/console.config.json': { target: config.url, secure: false },
};
