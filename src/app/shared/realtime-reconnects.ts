import { Observable, share } from 'rxjs';

/**
 * Emits each time the app's realtime connection comes back after it was disrupted (Amplify's Hub
 * 'api' channel, ConnectionStateChange). Amplify resubscribes by itself then, but whatever changed
 * while the socket was down was never sent: a screen that follows a record reads it again.
 */
export function realtimeReconnects(): Observable<void> {
  return RECONNECTS;
}

const RECONNECTS = new Observable<void>((subscriber) => {
  let stop: (() => void) | undefined;
  let closed = false;
  let disrupted = false;
  void import('aws-amplify/utils')
    .then(({ Hub }) => {
      if (closed) return;
      stop = Hub.listen('api', ({ payload }) => {
        if (payload.event !== 'ConnectionStateChange') return;
        const state = (payload.data as { connectionState?: string } | undefined)?.connectionState ?? '';
        if (state.startsWith('ConnectionDisrupted')) disrupted = true;
        else if (state === 'Connected' && disrupted) {
          disrupted = false;
          subscriber.next();
        }
      });
    })
    .catch(() => undefined);
  return () => {
    closed = true;
    stop?.();
  };
}).pipe(share());
