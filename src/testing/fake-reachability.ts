import { Injectable, signal } from '@angular/core';
import { Reachability } from '../app/core/backend/reachability';

/** Reachability with a switchable backend instead of a network probe. */
@Injectable()
export class FakeReachability extends Reachability {
  /** Whether the backend answers the next probe. */
  up = true;
  probes = 0;
  /** Runs while a probe waits for its answer. */
  duringProbe?: () => void;
  override readonly url = signal('http://localhost:20005').asReadonly();
  protected override readonly probeTarget = signal(
    'http://localhost:20005/cognito-idp/p/.well-known/jwks.json',
  ).asReadonly();

  protected override async probe(): Promise<boolean> {
    this.probes++;
    this.duringProbe?.();
    return this.up;
  }
}

/**
 * Resolves once `condition` holds, letting promises and tasks run in between; fails after
 * `timeoutMs`. Works with jasmine's fake clock (it waits on a MessageChannel, not a timer).
 */
export async function until(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition}`);
    await nextTask();
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
