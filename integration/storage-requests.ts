// Counts the Storage requests the real aws-amplify client sends (it calls the global fetch).

export interface StorageRequests {
  /** ListObjectsV2 and HEAD (getProperties) requests since `start` or the last `reset`. */
  readonly list: number;
  readonly head: number;
  reset(): void;
  stop(): void;
}

export function countStorageRequests(): StorageRequests {
  const original = globalThis.fetch;
  const counts = { list: 0, head: 0 };
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method === 'HEAD') counts.head++;
    else if (method === 'GET' && url.searchParams.get('list-type') === '2') counts.list++;
    return original(input, init);
  };
  return {
    get list() {
      return counts.list;
    },
    get head() {
      return counts.head;
    },
    reset: () => Object.assign(counts, { list: 0, head: 0 }),
    stop: () => {
      globalThis.fetch = original;
    },
  };
}
