import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { FilePreview } from './file-preview';

describe('FilePreview', () => {
  let signedUrl: jasmine.Spy;

  async function show(path: string, contentType = ''): Promise<HTMLElement> {
    TestBed.resetTestingModule();
    signedUrl = jasmine.createSpy('signedUrl').and.returnValue(of('http://localhost:20005/signed?x=1'));
    TestBed.configureTestingModule({ providers: [{ provide: AttachmentEngine, useValue: { signedUrl } }] });
    const fixture = TestBed.createComponent(FilePreview);
    fixture.componentRef.setInput('path', path);
    fixture.componentRef.setInput('contentType', contentType);
    fixture.componentRef.setInput('alt', 'Drill: file');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows a raster image from its signed URL', async () => {
    const shown = await show('products/p1/front.png');
    expect(shown.querySelector('img')?.getAttribute('src')).toBe('http://localhost:20005/signed?x=1');
    expect(shown.querySelector('img')?.getAttribute('alt')).toBe('Drill: file');
  });

  it('frames a PDF by the type storage reports, whatever its name', async () => {
    const shown = await show('manuals/p1/manual', 'application/pdf');
    expect(shown.querySelector('iframe[data-testid=pdf-preview]')?.getAttribute('title')).toBe('Drill: file');
    expect(signedUrl).toHaveBeenCalledOnceWith('manuals/p1/manual');
  });

  it('never renders SVG or HTML, says why, and asks no URL for them', async () => {
    for (const [path, type] of [
      ['uploads/x/logo.svg', ''],
      ['uploads/x/page', 'text/html'],
    ]) {
      const shown = await show(path!, type);
      expect(shown.querySelector('img, iframe')).withContext(path!).toBeNull();
      expect(shown.querySelector('[data-testid=no-preview]')?.textContent).toContain('(they could run scripts)');
      expect(signedUrl).withContext(path!).not.toHaveBeenCalled();
    }
  });

  it('offers a download only for other types, naming the type', async () => {
    const shown = await show('docs/x/sheet.csv');
    expect(shown.querySelector('[data-testid=no-preview]')?.textContent).toContain('CSV files are not shown here:');
    expect(signedUrl).not.toHaveBeenCalled();
  });
});
