import * as nodeModule from 'node:module';

const AMPLIFY_URL = new URL('../amplify/', import.meta.url).href;
const LOCAL_URL = new URL('./', import.meta.url).href;
const STAND_IN_URL = new URL('./definition-props.ts', import.meta.url).href;

/** Whether `@aws-amplify/backend`, imported from a file of amplify/ (not the local backend's own), is resolved to the stand-in. */
export function usesStandIn(specifier: string, parentURL: string | undefined): boolean {
  return (
    specifier === '@aws-amplify/backend' &&
    !!parentURL &&
    parentURL.startsWith(AMPLIFY_URL) &&
    !parentURL.startsWith(LOCAL_URL)
  );
}

/**
 * From now on in this process, amplify/'s own imports of `@aws-amplify/backend` get the props
 * recorder of definition-props.ts. Call before anything imports amplify/auth or amplify/storage.
 */
export function readDefinitionsAsProps(): void {
  // Node before 22.15 has no synchronous hooks: the real package is loaded then, only slower.
  if (typeof nodeModule.registerHooks !== 'function') return;
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (usesStandIn(specifier, context.parentURL)) return { url: STAND_IN_URL, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}
