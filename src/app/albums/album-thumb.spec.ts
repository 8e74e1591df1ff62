import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { ATTACHMENT_SETTINGS } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { DEFAULT_LIMITS } from '../attachments/file-validation';
import { STORAGE_API } from '../attachments/storage-api';
import { AlbumThumb } from './album-thumb';
import { FakeBucket } from './testing/fake-album-backend';

const PATH = 'images/al/00000000-1111-4222-8333-444444444444-beach.png';

describe('AlbumThumb', () => {
  let bucket: FakeBucket;
  let signs: jasmine.Spy;
  let fixture: ComponentFixture<AlbumThumb>;

  beforeEach(() => {
    bucket = new FakeBucket();
    signs = spyOn(bucket, 'signedUrl').and.callThrough();
    TestBed.configureTestingModule({
      providers: [
        { provide: STORAGE_API, useValue: bucket },
        {
          provide: ATTACHMENT_SETTINGS,
          useValue: { limits: DEFAULT_LIMITS, urlExpiresInS: 900, urlRefreshMarginMs: 60_000 },
        },
      ],
    });
  });

  async function render(inputs: { waiting?: boolean; missing?: boolean; alt?: string; eager?: boolean }) {
    fixture = TestBed.createComponent(AlbumThumb);
    fixture.componentRef.setInput('path', PATH);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
  }

  async function set(name: string, value: unknown): Promise<void> {
    fixture.componentRef.setInput(name, value);
    await settle();
  }

  const el = () => fixture.nativeElement as HTMLElement;
  const img = () => el().querySelector('img');
  const broken = () => el().querySelector('[role=img]');

  it('asks for no URL while storage has not said whether the file exists, and one once it has', async () => {
    await render({ waiting: true, alt: 'beach.png' });
    expect(signs).not.toHaveBeenCalled();
    expect(img()).toBeNull();
    expect(broken()).toBeNull();
    expect(el().querySelector('.loading')?.getAttribute('aria-hidden')).toBe('true');

    await set('waiting', false);
    expect(signs).toHaveBeenCalledTimes(1);
    expect(signs.calls.mostRecent().args[0]).toBe(PATH);
    expect(img()?.getAttribute('src')).toContain(encodeURIComponent(PATH));
    expect(img()?.getAttribute('alt')).toBe('beach.png');
  });

  it('shows an existing file with one request, lazily unless asked to load at once', async () => {
    await render({ alt: 'beach.png' });
    expect(signs).toHaveBeenCalledTimes(1);
    expect(img()?.getAttribute('loading')).toBe('lazy');

    await set('eager', true);
    expect(img()?.hasAttribute('loading')).toBeFalse();
    expect(signs).toHaveBeenCalledTimes(1);
  });

  it('shows a missing file as a broken image named for screen readers, and asks for no URL', async () => {
    await render({ waiting: true, alt: 'beach.png' });
    await set('waiting', false);
    signs.calls.reset();
    fixture.componentRef.setInput('path', `${PATH}-gone`);
    await set('missing', true);
    expect(signs).not.toHaveBeenCalled();
    expect(img()).toBeNull();
    expect(broken()?.getAttribute('aria-label')).toBe('Missing file: beach.png');
    expect(broken()?.querySelector('mat-icon')?.textContent?.trim()).toBe('broken_image');
  });

  it('shows the broken image when the URL cannot be signed', async () => {
    signs.and.rejectWith(new AttachmentError('forbidden', 'no'));
    await render({ alt: 'beach.png' });
    expect(img()).toBeNull();
    expect(broken()?.getAttribute('aria-label')).toBe('Missing file: beach.png');
  });

  it('shows the broken image when the image fails to load', async () => {
    await render({ alt: 'beach.png' });
    img()!.dispatchEvent(new Event('error'));
    await settle();
    expect(img()).toBeNull();
    expect(broken()?.getAttribute('aria-label')).toBe('Missing file: beach.png');
  });
});
