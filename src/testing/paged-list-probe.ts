import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { ComponentFixture } from '@angular/core/testing';
import type { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';

/** Reads a list screen that pages from the server (Songs, Records) the way a user sees it. */
export class PagedListProbe<T> {
  readonly loader: HarnessLoader;

  constructor(private readonly fixture: ComponentFixture<T>) {
    this.loader = TestbedHarnessEnvironment.loader(fixture);
  }

  /** Lets the fake API's answers, the table and the read-ahead run to rest. */
  async settle(): Promise<void> {
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await this.fixture.whenStable();
    }
  }

  /** The cells of one column, in the order shown. */
  async column(name: string): Promise<(string | undefined)[]> {
    const table = await this.loader.getHarness(MatTableHarness);
    return Promise.all((await table.getRows()).map(async (r) => (await r.getCellTextByColumnName())[name]));
  }

  /** The line under the table saying what the sort or search covered; '' when there is none. */
  notice(): string {
    return this.element().querySelector('[data-testid=list-notice]')?.textContent?.trim() ?? '';
  }

  /** The text of the element with this test id, spaces collapsed. */
  textOf(testId: string): string | undefined {
    return this.element().querySelector(`[data-testid=${testId}]`)?.textContent?.replace(/\s+/g, ' ').trim();
  }

  /** The whole screen's text, spaces collapsed. */
  text(): string {
    return (this.element().textContent ?? '').replace(/\s+/g, ' ');
  }

  /** Types into the search box and waits out its debounce. */
  async search(box: MatInputHarness, value: string): Promise<void> {
    await box.setValue(value);
    await new Promise((r) => setTimeout(r, 300));
    await this.settle();
  }

  private element(): HTMLElement {
    return this.fixture.nativeElement as HTMLElement;
  }
}
