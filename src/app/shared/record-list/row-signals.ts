import { type Signal, computed } from '@angular/core';

/**
 * One computed signal per key (a row, a file path), equal while its value is: read through these,
 * a change that wakes every reader of a shared source (each storage answer bumps FileStates)
 * redraws only the rows whose values changed, not every row on the page. Make a new one per page
 * shown, so the signals of rows gone from the screen are let go.
 */
export class RowSignals<V> {
  private readonly signals = new Map<string, Signal<V>>();

  constructor(private readonly equal: (a: V, b: V) => boolean) {}

  /** The value for `key`, computed by `compute` (which reads signals) the first time the key is asked. */
  of(key: string, compute: () => V): V {
    let value = this.signals.get(key);
    if (!value) {
      value = computed(compute, { equal: this.equal });
      this.signals.set(key, value);
    }
    return value();
  }
}
