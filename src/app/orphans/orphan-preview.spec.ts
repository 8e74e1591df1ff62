import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { OrphanPreview } from './orphan-preview';

describe('OrphanPreview', () => {
  let signedUrl: jasmine.Spy;

  async function show(path: string, name: string): Promise<HTMLElement> {
    signedUrl = jasmine.createSpy('signedUrl').and.returnValue(of('data:image/gif;base64,R0lGODlhAQABAAAAACw='));
    TestBed.configureTestingModule({ providers: [{ provide: AttachmentEngine, useValue: { signedUrl } }] });
    const fixture = TestBed.createComponent(OrphanPreview);
    fixture.componentRef.setInput('path', path);
    fixture.componentRef.setInput('name', name);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows a stored image as a thumbnail from a signed URL', async () => {
    const shown = await show('products/p1/front.png', 'front.png');
    expect(shown.querySelector('img')?.getAttribute('alt')).toBe('Preview of front.png');
    expect(signedUrl).toHaveBeenCalledOnceWith('products/p1/front.png');
  });

  it('shows the broken-image icon when the browser cannot load the file (deleted since, or not an image)', async () => {
    const shown = await show('images/x/stray.png', 'stray.png');
    shown.querySelector('img')!.dispatchEvent(new Event('error'));
    await TestBed.inject(ApplicationRef).whenStable();
    expect(shown.querySelector('img')).toBeNull();
    const icon = shown.querySelector('mat-icon');
    expect(icon?.getAttribute('aria-label')).toBe('No preview of stray.png');
    expect(icon?.textContent?.trim()).toBe('broken_image');
  });

  it('shows a PDF as its type’s icon and never loads it as an image', async () => {
    const shown = await show('manuals/p1/manual.pdf', 'manual.pdf');
    expect(shown.querySelector('img')).toBeNull();
    expect(shown.querySelector('mat-icon')?.getAttribute('aria-label')).toBe('PDF: manual.pdf');
    expect(shown.querySelector('mat-icon')?.textContent?.trim()).toBe('picture_as_pdf');
    expect(signedUrl).not.toHaveBeenCalled();
  });

  it('never renders an SVG or an HTML page', async () => {
    for (const path of ['uploads/x/drawing.svg', 'uploads/x/page.html']) {
      TestBed.resetTestingModule();
      const shown = await show(path, path);
      expect(shown.querySelector('img')).withContext(path).toBeNull();
      expect(signedUrl).withContext(path).not.toHaveBeenCalled();
    }
  });
});
