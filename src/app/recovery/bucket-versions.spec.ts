import { TestBed } from '@angular/core/testing';
import { firstValueFrom, toArray } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { BucketVersions, VERSIONS_ACCESS, amplifyVersionsAccess } from './bucket-versions';
import { FakeVersionedBucket } from './testing/fake-versioned-bucket';

describe('BucketVersions', () => {
  let bucket: FakeVersionedBucket;
  let versions: BucketVersions;

  beforeEach(() => {
    bucket = new FakeVersionedBucket();
    TestBed.configureTestingModule({ providers: [{ provide: VERSIONS_ACCESS, useValue: bucket }] });
    versions = TestBed.inject(BucketVersions);
  });

  async function failure(work: Promise<unknown>): Promise<AttachmentError> {
    try {
      await work;
    } catch (err) {
      expect(err).toBeInstanceOf(AttachmentError);
      return err as AttachmentError;
    }
    throw new Error('expected a failure');
  }

  it('lists page by page with the key and version-id markers, signed', async () => {
    bucket.put('images/a/1.png');
    bucket.put('images/a/1.png');
    bucket.delete('images/a/1.png');
    bucket.put('images/b/2.png');
    bucket.put('other/3.png');
    const pages = await firstValueFrom(versions.list('images/', 2).pipe(toArray()));
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    const all = pages.flat();
    expect(all.map((v) => [v.path, v.deleteMarker, v.isLatest])).toEqual([
      ['images/a/1.png', true, true],
      ['images/a/1.png', false, false],
      ['images/a/1.png', false, false],
      ['images/b/2.png', false, true],
    ]);
    expect(all[1]!.size).toBe(10);
    const second = bucket.requests[1]!;
    expect(second.url.pathname).toBe('/files/');
    expect(second.url.searchParams.get('key-marker')).toBe('images/a/1.png');
    expect(second.url.searchParams.get('version-id-marker')).toBe(all[1]!.versionId);
    expect(second.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIA\/\d{8}\/eu-west-1\/s3\/aws4_request/,
    );
    expect(second.headers['x-amz-security-token']).toBe('t');
    expect(second.headers['host']).toBeUndefined();
  });

  it('stops asking for pages once unsubscribed', async () => {
    for (let i = 0; i < 6; i++) bucket.put(`images/k${i}`);
    const first = await firstValueFrom(versions.list('images/', 2));
    expect(first.length).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(bucket.requests.length).toBeLessThanOrEqual(2);
  });

  it('gives the versions of exactly one path, newest first', async () => {
    const old = bucket.put('images/a.png');
    const current = bucket.put('images/a.png');
    bucket.put('images/a.png.bak');
    const found = await versions.versionsOf('images/a.png');
    expect(found.map((v) => v.versionId)).toEqual([current, old]);
  });

  it('reads the current version id in one listing request, and none for a deleted or missing file', async () => {
    bucket.put('images/a.png');
    const id = bucket.put('images/a.png');
    bucket.put('images/a.png.bak');
    bucket.hideVersionHeader = true;
    const before = bucket.requests.length;
    expect(await versions.currentVersionId('images/a.png')).toBe(id);
    expect(bucket.requests.length - before).toBe(1);
    expect(bucket.requests.at(-1)!.method).toBe('GET');
    bucket.delete('images/a.png');
    expect(await versions.currentVersionId('images/a.png')).toBeUndefined();
    expect(await versions.currentVersionId('images/a.pn')).toBeUndefined();
    expect(await versions.currentVersionId('images/none.png')).toBeUndefined();
  });

  it('reads the version ids from the listing when the bucket hides x-amz-version-id from the browser', async () => {
    const wanted = bucket.put('images/a.png');
    bucket.put('images/a.png');
    bucket.delete('images/a.png');
    bucket.hideVersionHeader = true;
    const { versionId } = await versions.restore('images/a.png', wanted);
    expect(versionId).toBe(bucket.history('images/a.png')[0]!);
    expect(await versions.currentVersionId('images/a.png')).toBe(versionId);
  });

  it('restores by removing the delete marker right above the version', async () => {
    const id = bucket.put('images/a b.png');
    const marker = bucket.delete('images/a b.png');
    expect(await versions.restore('images/a b.png', id)).toEqual({ versionId: id });
    expect(bucket.history('images/a b.png')).toEqual([id]);
    const removal = bucket.requests.at(-1)!;
    expect(removal.method).toBe('DELETE');
    expect(removal.url.pathname).toBe('/files/images/a%20b.png');
    expect(removal.url.searchParams.get('versionId')).toBe(marker);
  });

  it('restores by copying when other versions sit between the marker and the version', async () => {
    const wanted = bucket.put('images/a.png');
    const later = bucket.put('images/a.png');
    const marker = bucket.delete('images/a.png');
    const { versionId } = await versions.restore('images/a.png', wanted);
    expect(bucket.history('images/a.png')).toEqual([versionId, `x:${marker}`, later, wanted]);
    expect(bucket.requests.at(-1)!.headers['x-amz-copy-source']).toBe(`files/images/a.png?versionId=${wanted}`);
  });

  it('refuses to cover a newer file, and changes nothing', async () => {
    const wanted = bucket.put('images/a.png');
    const newer = bucket.put('images/a.png');
    const err = await failure(versions.restore('images/a.png', wanted));
    expect(err.kind).toBe('conflict');
    expect(err.message).toContain('A newer file is at images/a.png');
    expect(bucket.history('images/a.png')).toEqual([newer, wanted]);
  });

  it('succeeds doing nothing when the version already is current', async () => {
    const id = bucket.put('images/a.png');
    expect(await versions.restore('images/a.png', id)).toEqual({ versionId: id });
    expect(bucket.requests.every((r) => r.method === 'GET')).toBeTrue();
  });

  it('says when the version is no longer kept', async () => {
    bucket.put('images/a.png');
    const err = await failure(versions.restore('images/a.png', 'gone'));
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain('no longer kept');
  });

  it('says only ADMINS may when the bucket refuses', async () => {
    bucket.put('images/a.png');
    bucket.refuse = true;
    const err = await failure(versions.versionsOf('images/a.png'));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain('Only ADMINS');
  });

  it('says the bucket cannot be reached when offline', async () => {
    bucket.offline = true;
    const err = await failure(versions.restore('images/a.png', 'v1'));
    expect(err.kind).toBe('unavailable');
  });

  describe('amplifyVersionsAccess', () => {
    const modules = (s3: Record<string, unknown>) => async () => ({
      getConfig: () => ({ Storage: { S3: s3 } }),
      fetchAuthSession: async () => ({}),
    });

    it('goes path style to the local S3 when the testing switch is on', async () => {
      const access = amplifyVersionsAccess(
        modules({ bucket: 'b', region: 'us-east-1', dangerouslyConnectToHttpEndpointForTesting: 'true' }),
      );
      expect(await access.target()).toEqual({
        bucket: 'b',
        region: 'us-east-1',
        endpoint: 'http://localhost:20005',
        pathStyle: true,
      });
    });

    it('goes to the bucket host in the cloud', async () => {
      const access = amplifyVersionsAccess(modules({ bucket: 'b', region: 'eu-west-1' }));
      expect(await access.target()).toEqual({
        bucket: 'b',
        region: 'eu-west-1',
        endpoint: 'https://b.s3.eu-west-1.amazonaws.com',
        pathStyle: false,
      });
    });

    it('says when there are no credentials', async () => {
      const err = await failure(amplifyVersionsAccess(modules({ bucket: 'b', region: 'r' })).credentials());
      expect(err.kind).toBe('forbidden');
    });
  });
});
