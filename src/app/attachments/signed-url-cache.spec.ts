import { firstValueFrom } from 'rxjs';
import { SignedUrlCache } from './signed-url-cache';
import type { SignedUrl } from './storage-api';

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('SignedUrlCache', () => {
  let now: number;
  let signings: string[];
  let cache: SignedUrlCache;
  const LIFETIME_MS = 900_000;

  function sign(path: string): Promise<SignedUrl> {
    signings.push(path);
    const n = signings.length;
    return Promise.resolve({ url: `https://s3/${path}?sig=${n}`, expiresAt: new Date(now + LIFETIME_MS) });
  }

  beforeEach(() => {
    jasmine.clock().install();
    now = 1_000_000;
    signings = [];
    cache = new SignedUrlCache(sign, { refreshMarginMs: 60_000 }, () => now);
  });

  afterEach(() => jasmine.clock().uninstall());

  function advance(ms: number): void {
    now += ms;
    jasmine.clock().tick(ms);
  }

  it('signs a key once however many views ask at the same time', async () => {
    const urls: string[] = [];
    const subs = [1, 2, 3].map(() => cache.url('images/a/1.png').subscribe((u) => urls.push(u)));
    await flush();
    expect(signings).toEqual(['images/a/1.png']);
    expect(urls).toEqual(Array(3).fill('https://s3/images/a/1.png?sig=1'));
    subs.forEach((s) => s.unsubscribe());
  });

  it('hands a still-valid URL to a later view without signing again', async () => {
    expect(await firstValueFrom(cache.url('k'))).toBe('https://s3/k?sig=1');
    advance(60_000);
    expect(await firstValueFrom(cache.url('k'))).toBe('https://s3/k?sig=1');
    expect(signings.length).toBe(1);
  });

  it('emits a fresh URL a margin before the old one expires, while watched', async () => {
    const urls: string[] = [];
    const sub = cache.url('k').subscribe((u) => urls.push(u));
    await flush();
    advance(LIFETIME_MS - 60_000 - 1);
    await flush();
    expect(urls.length).toBe(1);
    advance(1);
    await flush();
    expect(urls).toEqual(['https://s3/k?sig=1', 'https://s3/k?sig=2']);
    sub.unsubscribe();
  });

  it('signs again for a view that comes after the refresh point', async () => {
    await firstValueFrom(cache.url('k'));
    advance(LIFETIME_MS - 30_000);
    expect(await firstValueFrom(cache.url('k'))).toBe('https://s3/k?sig=2');
  });

  it('stops refreshing once nobody watches (also after firstValueFrom)', async () => {
    await firstValueFrom(cache.url('k'));
    const sub = cache.url('other').subscribe();
    await flush();
    sub.unsubscribe();
    advance(3 * LIFETIME_MS);
    await flush();
    expect(signings).toEqual(['k', 'other']);
  });

  it('keeps a valid URL nobody watches for the next view, and sweeps stale ones out', async () => {
    await firstValueFrom(cache.url('k'));
    expect(cache.size).toBe(1);
    advance(LIFETIME_MS);
    for (let i = 0; i < 200; i++) cache.url(`key-${i}`).subscribe().unsubscribe();
    await flush();
    // 200 new keys (each still pending or valid) and the stale one swept out
    expect(cache.size).toBe(200);
    expect(signings.filter((p) => p === 'k').length).toBe(1);
  });

  it('drop() forgets a replaced key and ends the views that watch it', async () => {
    let completed = false;
    cache.url('old').subscribe({ complete: () => (completed = true) });
    await flush();
    cache.drop('old');
    expect(completed).toBeTrue();
    expect(await firstValueFrom(cache.url('old'))).toBe('https://s3/old?sig=2');
  });

  it('passes a signing failure on, and tries again for the next view', async () => {
    const failing = new SignedUrlCache(
      () => Promise.reject(new Error('no credentials')),
      { refreshMarginMs: 60_000 },
      () => now,
    );
    await expectAsync(firstValueFrom(failing.url('k'))).toBeRejectedWithError('no credentials');
    await expectAsync(firstValueFrom(failing.url('k'))).toBeRejectedWithError('no credentials');
  });

  it('refreshes halfway through a URL that lives shorter than twice the margin', async () => {
    const short = new SignedUrlCache(
      (p) => Promise.resolve({ url: `u-${p}-${now}`, expiresAt: new Date(now + 60_000) }),
      { refreshMarginMs: 60_000 },
      () => now,
    );
    const urls: string[] = [];
    const sub = short.url('k').subscribe((u) => urls.push(u));
    await flush();
    advance(30_000);
    await flush();
    expect(urls.length).toBe(2);
    sub.unsubscribe();
  });
});
