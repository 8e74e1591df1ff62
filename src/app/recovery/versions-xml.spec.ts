import { parseVersionsPage, s3ErrorOf } from './versions-xml';

const version = (key: string, id: string, at: string, latest = false, size = 3) =>
  `<Version><Key>${key}</Key><VersionId>${id}</VersionId><IsLatest>${latest}</IsLatest>` +
  `<LastModified>${at}</LastModified><ETag>&quot;e-${id}&quot;</ETag><Size>${size}</Size></Version>`;
const marker = (key: string, id: string, at: string, latest = false) =>
  `<DeleteMarker><Key>${key}</Key><VersionId>${id}</VersionId><IsLatest>${latest}</IsLatest>` +
  `<LastModified>${at}</LastModified></DeleteMarker>`;
const result = (entries: string, head = '<IsTruncated>false</IsTruncated>') =>
  `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult><Name>b</Name><Prefix>images/</Prefix>${head}${entries}</ListVersionsResult>`;

describe('parseVersionsPage', () => {
  it('reads an empty listing as no versions, not truncated', () => {
    expect(parseVersionsPage(result(''))).toEqual({
      versions: [],
      truncated: false,
      nextKeyMarker: undefined,
      nextVersionIdMarker: undefined,
    });
  });

  it('reads versions and delete markers, each key newest first with its latest entry on top', () => {
    // S3 may write a key's delete markers as a run after its versions.
    const page = parseVersionsPage(
      result(
        version('images/a.png', 'v1', '2026-05-01T00:00:00.000Z') +
          version('images/a.png', 'v2', '2026-05-02T00:00:00.000Z') +
          marker('images/a.png', 'm1', '2026-05-03T00:00:00.000Z', true) +
          version('images/b.png', 'v3', '2026-05-01T00:00:00.000Z', true, 10),
      ),
    );
    expect(page.versions.map((v) => [v.path, v.versionId, v.isLatest, v.deleteMarker])).toEqual([
      ['images/a.png', 'm1', true, true],
      ['images/a.png', 'v2', false, false],
      ['images/a.png', 'v1', false, false],
      ['images/b.png', 'v3', true, false],
    ]);
    const [m1, v2] = page.versions;
    expect(m1!.size).toBeUndefined();
    expect(m1!.eTag).toBeUndefined();
    expect(m1!.lastModified.toISOString()).toBe('2026-05-03T00:00:00.000Z');
    expect(v2!.size).toBe(3);
    expect(v2!.eTag).toBe('"e-v2"');
  });

  it('reads a truncated page’s markers, not the entries’ keys', () => {
    const page = parseVersionsPage(
      result(
        version('images/a.png', 'v1', '2026-05-01T00:00:00.000Z', true),
        '<IsTruncated>true</IsTruncated><NextKeyMarker>images/a.png</NextKeyMarker>' +
          '<NextVersionIdMarker>v1</NextVersionIdMarker>',
      ),
    );
    expect(page.truncated).toBeTrue();
    expect(page.nextKeyMarker).toBe('images/a.png');
    expect(page.nextVersionIdMarker).toBe('v1');
  });

  it('keeps S3’s key order (UTF-8 bytes), so the key that may go on in the next page stays last', () => {
    // U+FF01 sorts before U+1F600 in UTF-8 but after it in JavaScript's UTF-16 string order.
    const wide = 'images/\uFF01.png';
    const emoji = 'images/😀.png';
    const page = parseVersionsPage(
      result(
        version(wide, 'v1', '2026-05-01T00:00:00.000Z', true) + marker(emoji, 'm1', '2026-05-02T00:00:00.000Z', true),
        '<IsTruncated>true</IsTruncated>',
      ),
    );
    expect(page.versions.map((v) => v.path)).toEqual([wide, emoji]);
  });

  it('unescapes keys: entities, numeric references, unicode', () => {
    const page = parseVersionsPage(
      result(version('images/a &amp; b &lt;1&gt; &#39;&#x41;&quot; 名前 – Ü.png', 'v1', '2026-05-01T00:00:00Z', true)),
    );
    expect(page.versions[0]!.path).toBe(`images/a & b <1> 'A" 名前 – Ü.png`);
  });

  it('keeps an unknown entity or a reference past Unicode as sent, instead of failing', () => {
    const page = parseVersionsPage(result(version('images/&nbsp;&#99999999;.png', 'v1', '2026-05-01T00:00:00Z')));
    expect(page.versions[0]!.path).toBe('images/&nbsp;&#99999999;.png');
  });

  it('gives a version written while unversioned the id "null", and an empty element its empty text', () => {
    const xml = result(
      '<Version><Key>images/a.png</Key><IsLatest>true</IsLatest><LastModified>2026-05-01T00:00:00Z</LastModified><ETag/></Version>',
    );
    const [v] = parseVersionsPage(xml).versions;
    expect(v!.versionId).toBe('null');
    expect(v!.eTag).toBe('');
    expect(v!.size).toBeUndefined();
  });
});

describe('s3ErrorOf', () => {
  it('reads S3’s error code and message', () => {
    expect(s3ErrorOf('<Error><Code>AccessDenied</Code><Message>Access Denied &amp; more</Message></Error>')).toEqual({
      code: 'AccessDenied',
      message: 'Access Denied & more',
    });
  });

  it('is none for an answer that is not an error, and names a bare error unknown', () => {
    expect(s3ErrorOf(result(''))).toBeUndefined();
    expect(s3ErrorOf('')).toBeUndefined();
    expect(s3ErrorOf('<Error></Error>')).toEqual({ code: 'UnknownError', message: '' });
  });
});
