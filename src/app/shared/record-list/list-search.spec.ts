import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { ListSearch } from './list-search';
import { testList } from './testing/test-list';

@Component({
  imports: [ListSearch],
  template: `<app-list-search label="Search titles" [list]="list.state" />`,
})
class Host {
  readonly list = testList();
}

describe('ListSearch', () => {
  it('searches as the user types, back on the first page, and clears with its button', async () => {
    const fixture = TestBed.createComponent(Host);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const { state, publish } = fixture.componentInstance.list;
    publish(Array.from({ length: 30 }, (_, i) => `Song ${i}`));
    state.showPage({ pageIndex: 1, pageSize: 25, length: 30 });
    await fixture.whenStable();

    expect(await (await loader.getHarness(MatFormFieldHarness)).getLabel()).toBe('Search titles');
    expect(await loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
    const input = await loader.getHarness(MatInputHarness);
    await input.setValue('song 2');
    expect(state.search()).toBe('song 2');
    expect(state.pageIndex()).toBe(0);
    expect(state.matchCount()).toBe(11);

    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Clear the search"]' }))).click();
    expect(state.search()).toBe('');
    expect(await input.getValue()).toBe('');
    expect(await loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
  });
});
