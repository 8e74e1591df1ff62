import { TestBed } from '@angular/core/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import type { PageRequest } from '../shared/record-list/record-pager';
import { PagedListProbe } from '../../testing/paged-list-probe';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { RecordsPage } from './records-page';
import { type RecordsTestBed, setUpRecords } from './testing/records-testbed';

describe('RecordsPage paging from the server (the shop example’s Product)', () => {
  let bed: RecordsTestBed;
  let list: PagedListProbe<RecordsPage>;

  async function render(count: number, name: (i: number) => string = (i) => `Item ${i}`): Promise<void> {
    bed = await setUpRecords(EXAMPLE_OUTPUTS, ['CATALOG_EDITORS'], [{ path: 'records/:model/:id', children: [] }]);
    const products = bed.table('Product');
    for (let i = 0; i < count; i++) {
      const id = `p${String(i).padStart(5, '0')}`;
      products.insert({ id, name: name(i), sku: `S-${i}`, price: i, inStock: true, manualPath: null, imageKeys: [] });
    }
    const fixture = TestBed.createComponent(RecordsPage);
    fixture.componentRef.setInput('model', 'Product');
    list = new PagedListProbe(fixture);
    await list.settle();
  }

  const lists = () =>
    bed
      .table('Product')
      .calls.filter((c) => c.op === 'list')
      .map((c) => c.input as PageRequest);
  const names = () => list.column('field-name');
  const text = () => list.text();
  const notice = () => list.notice();

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  it('shows the first page after one list call of 100 and says the sort covers only what is loaded', async () => {
    await render(1_000);
    expect(lists()).toEqual([{ limit: 100, nextToken: null }]);
    expect((await names()).length).toBe(25);
    expect(text()).toContain('100 products so far…');
    expect(notice()).toBe('info Sorted among the 100 loaded');
  });

  it('reads the next pages from the server as the user pages on', async () => {
    await render(1_000);
    const paginator = await list.loader.getHarness(MatPaginatorHarness);
    for (let i = 0; i < 3; i++) await paginator.goToNextPage();
    await list.settle();
    // Page 4 shown (rows 76–100) and page 5 read ahead: 125 wanted, two reads of 100.
    expect(lists().map((r) => r.nextToken)).toEqual([null, 'p00099']);
    expect(await paginator.getRangeLabel()).toBe('76 – 100 of 200');
    expect(text()).toContain('200 products so far…');
  });

  it('loads a small table whole, with no notice', async () => {
    await render(30);
    expect(text()).toContain('30 products');
    expect(text()).not.toContain('so far');
    expect(notice()).toBe('');
  });

  it('searches on the server and says so, finding records no page had loaded', async () => {
    await render(1_000, (i) => (i === 900 ? 'Golden hammer' : `Item ${i}`));
    expect(await names()).not.toContain('Golden hammer');
    const search = await list.loader.getHarness(MatInputHarness.with({ placeholder: '' }));
    await list.search(search, 'hammer');
    const searched = lists().filter((r) => r.filter);
    expect(searched.length).toBe(1);
    expect(searched[0]!.limit).toBe(1000);
    expect(JSON.stringify(searched[0]!.filter)).toContain('{"name":{"contains":"hammer"}}');
    expect(await names()).toEqual(['Golden hammer']);
    expect(notice()).toBe('info Searched on the server');
    // The server answered the search: the count is of what it found.
    expect(list.textOf('product-count')).toBe('1 of 1 product');

    await list.search(search, 'sledge');
    expect(text()).toContain('No product matches “sledge”');
    expect(text()).not.toContain('No products yet');
  });

  it('keeps the loaded records live: another operator’s new record appears, a deleted one leaves', async () => {
    await render(1_000);
    const products = bed.table('Product');
    products.insert({
      id: 'new',
      name: 'Aardvark',
      sku: 'N',
      price: 1,
      inStock: true,
      manualPath: null,
      imageKeys: [],
    });
    await list.settle();
    expect((await names())[0]).toBe('Aardvark');
    expect(text()).toContain('101 products so far…');
    const gone = [...products.rows.values()].find((r) => r['name'] === 'Aardvark')!;
    await products.delete(gone.id, gone.updatedAt);
    await list.settle();
    expect(await names()).not.toContain('Aardvark');
  });
});
