import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { FileThumb } from './file-thumb';

describe('FileThumb', () => {
  let signedUrl: jasmine.Spy;

  async function show(path: string, inputs: { contentType?: string; missing?: boolean } = {}): Promise<HTMLElement> {
    TestBed.resetTestingModule();
    signedUrl = jasmine.createSpy('signedUrl').and.returnValue(of('http://localhost:20005/signed?t=1'));
    TestBed.configureTestingModule({ providers: [{ provide: AttachmentEngine, useValue: { signedUrl } }] });
    const fixture = TestBed.createComponent(FileThumb);
    fixture.componentRef.setInput('path', path);
    fixture.componentRef.setInput('alt', 'a file');
    if (inputs.contentType) fixture.componentRef.setInput('contentType', inputs.contentType);
    if (inputs.missing) fixture.componentRef.setInput('missing', true);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const icon = (shown: HTMLElement) => shown.querySelector('mat-icon')?.textContent?.trim();

  it('shows a raster image as a thumbnail', async () => {
    const shown = await show('products/p1/front.jpg');
    expect(shown.querySelector('img')?.getAttribute('src')).toBe('http://localhost:20005/signed?t=1');
  });

  it('shows other files as their type’s icon, SVG included, without asking for a URL', async () => {
    expect(icon(await show('manuals/p1/m.pdf'))).toBe('picture_as_pdf');
    expect(icon(await show('art/x/logo.svg'))).toBe('image');
    expect(signedUrl).not.toHaveBeenCalled();
    expect(icon(await show('art/x/blob', { contentType: 'text/csv' }))).toBe('table_chart');
  });

  it('shows a missing image as broken, says so to a screen reader, and asks no URL', async () => {
    const shown = await show('products/p1/gone.png', { missing: true });
    expect(icon(shown)).toBe('broken_image');
    expect(shown.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('File missing: a file');
    expect(signedUrl).not.toHaveBeenCalled();
  });
});
