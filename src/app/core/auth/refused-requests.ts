/**
 * Answers that can mean the backend no longer honours the signed-in person's tokens: AppSync's
 * 401 (a token it refused; a rule refusing an operation is a 200 with errors), and the identity
 * pool refusing the ID token for credentials (a 400 to an AWSCognitoIdentityService call).
 * Neither the Data nor the Storage client says so on its own (a page may only show that it
 * failed, or wait), so the console watches the answers that go by, whichever client sent them.
 */
export function mayMeanRefusedSession(status: number, target: string | null): boolean {
  return status === 401 || (status === 400 && !!target?.startsWith('AWSCognitoIdentityService.'));
}

type Listener = () => void;
const listeners = new Set<Listener>();
let unwrap: (() => void) | undefined;

/**
 * Calls `listener` after each answer that may mean a refused session (see above). While anyone
 * listens, the global fetch is wrapped, passing every request and answer through untouched.
 * Returns unsubscribe; the last one gives fetch back.
 */
export function watchRefusedRequests(listener: Listener): () => void {
  listeners.add(listener);
  unwrap ??= wrapFetch();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unwrap?.();
      unwrap = undefined;
    }
  };
}

function wrapFetch(): () => void {
  const original = globalThis.fetch;
  const watched: typeof fetch = async (input, init) => {
    const response = await original.call(globalThis, input, init);
    if (response.status === 400 || response.status === 401) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      if (mayMeanRefusedSession(response.status, headers.get('x-amz-target')))
        for (const notify of [...listeners]) notify();
    }
    return response;
  };
  globalThis.fetch = watched;
  return () => {
    // Someone who wrapped fetch after us keeps their wrapper.
    if (globalThis.fetch === watched) globalThis.fetch = original;
  };
}
