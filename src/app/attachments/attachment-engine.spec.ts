import { TestBed } from '@angular/core/testing';
import { Subscription, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { ATTACHMENT_SETTINGS, AttachmentEngine } from './attachment-engine';
import { AttachmentError } from './attachment-error';
import { DEFAULT_LIMITS } from './file-validation';
import { STORAGE_API } from './storage-api';
import { FakeStorageApi, pngFile } from './testing/fake-storage-api';
import type { Transfer } from './transfer';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r));
};

describe('AttachmentEngine', () => {
  let storage: FakeStorageApi;
  let engine: AttachmentEngine;

  function setUp(maxBytes = DEFAULT_LIMITS.maxBytes): void {
    storage = new FakeStorageApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: STORAGE_API, useValue: storage },
        {
          provide: ATTACHMENT_SETTINGS,
          useValue: { limits: { ...DEFAULT_LIMITS, maxBytes }, urlExpiresInS: 900, urlRefreshMarginMs: 60_000 },
        },
      ],
    });
    engine = TestBed.inject(AttachmentEngine);
  }

  beforeEach(() => setUp());

  describe('validate and limits', () => {
    it('exposes the limits from the settings', () => {
      TestBed.resetTestingModule();
      setUp(1234);
      expect(engine.limits.maxBytes).toBe(1234);
      expect(engine.limits.allowedTypes).not.toContain('image/svg+xml');
      expect(engine.validate(pngFile('big.png', 2000))?.message).toContain('at most 1.2 KB');
    });

    it('accepts a raster image and refuses an empty one', () => {
      expect(engine.validate(pngFile())).toBeNull();
      expect(engine.validate(new File([], 'e.png', { type: 'image/png' }))?.kind).toBe('invalid-file');
    });

    it('tells the operator the name a file is stored under', () => {
      expect(engine.storedName('../My Cover 🎵.png')).toBe('My-Cover.png');
    });
  });

  describe('upload', () => {
    it('emits progress, then the new key, and completes', async () => {
      storage.autoFinish = false;
      const steps: Transfer<string>[] = [];
      let completed = false;
      engine.upload('song-1', pngFile('my cover.png', 1000)).subscribe({
        next: (s) => steps.push(s),
        complete: () => (completed = true),
      });
      await flush();
      const [upload] = storage.uploads;
      expect(upload.contentType).toBe('image/png');
      upload.progress(400);
      upload.progress(1000);
      upload.finish();
      await flush();
      expect(steps.slice(0, 3)).toEqual([
        { type: 'progress', sent: 0, total: 1000 },
        { type: 'progress', sent: 400, total: 1000 },
        { type: 'progress', sent: 1000, total: 1000 },
      ]);
      expect(steps[3]).toEqual({ type: 'done', value: upload.path });
      expect(upload.path).toMatch(/^images\/song-1\/[0-9a-f-]{36}-my-cover\.png$/);
      expect(completed).toBeTrue();
      expect(storage.objects.has(upload.path)).toBeTrue();
    });

    it('uses a new key for every upload of the same file name', async () => {
      const first = await lastValueFrom(engine.upload('s', pngFile('a.png')));
      const second = await lastValueFrom(engine.upload('s', pngFile('a.png')));
      expect(first).not.toEqual(second);
    });

    it('sends no byte for an invalid file (type, size, or content that is not an image)', async () => {
      const svg = new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' });
      await expectAsync(lastValueFrom(engine.upload('s', svg))).toBeRejectedWith(
        jasmine.objectContaining({ kind: 'invalid-file' }),
      );
      const fake = new File(['MZ....'], 'x.png', { type: 'image/png' });
      await expectAsync(lastValueFrom(engine.upload('s', fake))).toBeRejectedWith(
        jasmine.objectContaining({ kind: 'invalid-file', message: jasmine.stringContaining('not a PNG image') }),
      );
      expect(storage.uploads).toEqual([]);
    });

    it('cancels the transfer when unsubscribed, and emits nothing after', async () => {
      storage.autoFinish = false;
      const steps: Transfer<string>[] = [];
      const sub = engine.upload('s', pngFile()).subscribe((s) => steps.push(s));
      await flush();
      storage.uploads[0].progress(10);
      sub.unsubscribe();
      expect(storage.uploads[0].canceled).toBeTrue();
      storage.uploads[0].progress(20);
      await flush();
      expect(steps.length).toBe(2);
      expect(storage.objects.size).toBe(0);
    });

    it('removes the object when the cancel comes after its last byte was stored', async () => {
      storage.autoFinish = false;
      const steps: Transfer<string>[] = [];
      const sub = engine.upload('s', pngFile()).subscribe((s) => steps.push(s));
      await flush();
      storage.uploads[0].finish();
      sub.unsubscribe();
      await flush();
      expect(steps.some((s) => s.type === 'done')).toBeFalse();
      expect(storage.removed).toEqual([storage.uploads[0].path]);
      expect(storage.objects.size).toBe(0);
    });

    it('never starts a transfer when unsubscribed while the file is being checked', async () => {
      engine.upload('s', pngFile()).subscribe().unsubscribe();
      await flush();
      expect(storage.uploads).toEqual([]);
    });

    it('fails with the typed error when the transfer fails', async () => {
      storage.failNext.upload = new AttachmentError('unavailable', 'down');
      await expectAsync(lastValueFrom(engine.upload('s', pngFile()))).toBeRejectedWith(
        jasmine.objectContaining({ kind: 'unavailable' }),
      );
    });

    it('refuses a record id that would leave its folder', async () => {
      await expectAsync(lastValueFrom(engine.upload('../x', pngFile()))).toBeRejectedWith(
        jasmine.objectContaining({ kind: 'unknown' }),
      );
      expect(storage.uploads).toEqual([]);
    });
  });

  describe('signed URLs, metadata, download, remove', () => {
    it('signs a key once for many views at once', async () => {
      const urls = await Promise.all([1, 2, 3].map(() => firstValueFrom(engine.signedUrl('images/s/a.png'))));
      expect(new Set(urls).size).toBe(1);
      expect(storage.signings).toBe(1);
    });

    it('reports metadata, null for a missing object, and passes other failures on', async () => {
      storage.put('images/s/a.png', 42);
      expect(await firstValueFrom(engine.fileInfo('images/s/a.png'))).toEqual(
        jasmine.objectContaining({ path: 'images/s/a.png', size: 42, contentType: 'image/png' }),
      );
      expect(await firstValueFrom(engine.fileInfo('images/s/missing.png'))).toBeNull();
      storage.failNext.properties = new AttachmentError('forbidden', 'no');
      await expectAsync(firstValueFrom(engine.fileInfo('images/s/b.png'))).toBeRejectedWith(
        jasmine.objectContaining({ kind: 'forbidden' }),
      );
    });

    it('asks for an object’s metadata once for rows that ask together, and afresh later', async () => {
      storage.put('images/s/a.png', 42);
      const spy = spyOn(storage, 'properties').and.callThrough();
      await Promise.all([1, 2, 3].map(() => firstValueFrom(engine.fileInfo('images/s/a.png'))));
      expect(spy).toHaveBeenCalledTimes(1);
      storage.objects.delete('images/s/a.png');
      expect(await firstValueFrom(engine.fileInfo('images/s/a.png'))).toBeNull();
      expect(spy).toHaveBeenCalledTimes(2);
    });

    it('does not keep a failed metadata request', async () => {
      storage.put('images/s/a.png');
      storage.failNext.properties = new AttachmentError('unavailable', 'down');
      await expectAsync(firstValueFrom(engine.fileInfo('images/s/a.png'))).toBeRejected();
      expect((await firstValueFrom(engine.fileInfo('images/s/a.png')))?.size).toBe(100);
    });

    it('downloads through a link with a short-lived URL that names the file', async () => {
      const click = spyOn(HTMLAnchorElement.prototype, 'click');
      const uuid = '0b8f3c1e-1111-4222-8333-944455556666';
      await lastValueFrom(engine.download(`images/s/${uuid}-cover.png`), { defaultValue: undefined });
      expect(click).toHaveBeenCalledTimes(1);
      const link = click.calls.mostRecent().object as HTMLAnchorElement;
      expect(link.download).toBe('cover.png');
      expect(link.href).toContain('download=cover.png');
      expect(link.isConnected).toBeFalse();
    });

    it('removes an object and ends the URL streams of its key', async () => {
      storage.put('images/s/a.png');
      let ended = false;
      const sub: Subscription = engine.signedUrl('images/s/a.png').subscribe({ complete: () => (ended = true) });
      await flush();
      await lastValueFrom(engine.remove('images/s/a.png'), { defaultValue: undefined });
      expect(ended).toBeTrue();
      expect(storage.objects.has('images/s/a.png')).toBeFalse();
      sub.unsubscribe();
    });

    it('fails a removal with the typed error', async () => {
      storage.failNext.remove = new AttachmentError('forbidden', 'no');
      const result = lastValueFrom(engine.remove('images/s/a.png').pipe(toArray()));
      await expectAsync(result).toBeRejectedWith(jasmine.objectContaining({ kind: 'forbidden' }));
    });
  });
});
