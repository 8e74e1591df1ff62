import { Injectable } from '@angular/core';
import { FakeReachability } from '../../../../testing/fake-reachability';

/** FakeReachability whose probes wait for `gate`, to see a screen while a check is under way. */
@Injectable()
export class GatedReachability extends FakeReachability {
  gate: Promise<void> = Promise.resolve();

  /** Holds the next probes until the returned function is called. */
  hold(): () => void {
    let answer = () => undefined as void;
    this.gate = new Promise((resolve) => (answer = resolve));
    return answer;
  }

  protected override async probe(): Promise<boolean> {
    await this.gate;
    return super.probe();
  }
}
