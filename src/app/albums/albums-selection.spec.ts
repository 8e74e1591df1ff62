import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { filter, firstValueFrom } from 'rxjs';
import { JobRunner } from '../jobs/job-runner';
import { AlbumsPage } from './albums-page';
import { type AlbumsTestBed, setUpAlbums } from './testing/albums-testbed';

describe('AlbumsPage selection and bulk actions (real services over in-memory Data and Storage)', () => {
  let bed: AlbumsTestBed;
  let fixture: ComponentFixture<AlbumsPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  async function render(groups: string[]): Promise<void> {
    bed = await setUpAlbums(groups, [{ path: 'albums/:id', children: [] }]);
    for (const name of ['Alps', 'Beach', 'City', 'Dunes']) {
      // City has no images.
      const paths = name === 'City' ? [] : [`images/${name}/1.png`, `images/${name}/2.png`];
      paths.forEach((p) => bed.bucket.put(p));
      bed.table.seed(name, paths);
    }
    bed.publish();
    fixture = TestBed.createComponent(AlbumsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
    }
  }

  const selected = () =>
    (fixture.nativeElement as HTMLElement).querySelector('[data-testid=selected-count]')?.textContent?.trim();
  const box = (label: string) => loader.getHarness(MatCheckboxHarness.with({ label }));
  const button = (text: RegExp) => loader.getHarness(MatButtonHarness.with({ text }));

  it('ADMINS tick a range, confirm what is lost and delete the albums with their files', async () => {
    await render(['ADMINS']);
    await (await box('Select Alps')).check();
    const city = (fixture.nativeElement as HTMLElement).querySelectorAll('td mat-checkbox input')[2]!;
    city.dispatchEvent(new MouseEvent('mousedown', { shiftKey: true, bubbles: true }));
    city.dispatchEvent(new MouseEvent('click', { shiftKey: true, bubbles: true, cancelable: true }));
    await settle();
    expect(selected()).toBe('3 selected');
    expect(await (await box('Select Dunes')).isChecked()).toBeFalse();

    await (await button(/Delete \(3\)/)).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete 3 albums?');
    const content = (await dialog.getContentText()).replace(/\s+/g, ' ');
    expect(content).toContain('3 albums: Alps, Beach, City');
    expect(content).toContain('4 image files, deleted from storage');
    await (await root.getHarness(MatButtonHarness.with({ text: 'Delete 3 albums' }))).click();
    const [job] = TestBed.inject(JobRunner).jobs();
    await firstValueFrom(job!.progress$.pipe(filter((p) => p.state === 'finished')));
    expect(job!.progress.done).toBe(3);
    expect([...bed.table.rows.values()].map((a) => a.name)).toEqual(['Dunes']);
    expect([...bed.bucket.objects.keys()]).toEqual(['images/Dunes/1.png', 'images/Dunes/2.png']);
    await settle();
    expect(selected()).toBeUndefined();
  });

  it('OPERATORS detach the images of the whole page, keeping the files; delete is for admins', async () => {
    await render(['OPERATORS']);
    await (await box('Select the albums on this page')).check();
    expect(selected()).toBe('4 selected');
    const del = await button(/Delete/);
    expect(await del.isDisabled()).toBeTrue();
    expect(await del.getText()).toContain('admins only');
    await (await button(/Detach images \(3\)/)).click();
    await (await root.getHarness(MatCheckboxHarness.with({ label: /Also delete the image files/ }))).uncheck();
    await (await root.getHarness(MatButtonHarness.with({ text: 'Detach from 3 albums' }))).click();
    const [job] = TestBed.inject(JobRunner).jobs();
    await firstValueFrom(job!.progress$.pipe(filter((p) => p.state === 'finished')));
    expect([...bed.table.rows.values()].every((a) => a.imagePaths.length === 0)).toBeTrue();
    expect(bed.bucket.objects.size).toBe(6);
  });

  it('VIEWERS get no checkboxes', async () => {
    await render(['VIEWERS']);
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
  });
});
