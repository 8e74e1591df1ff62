import type { ObjectVersion } from './bucket-versions';

/** One page of a ListObjectVersions answer. */
export interface VersionsPage {
  versions: ObjectVersion[];
  truncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole; // past Unicode: not a character, kept as sent
    }
    return ENTITIES[name] ?? whole;
  });
}

/** The text of the first `<name>` child in `xml`, unescaped; undefined when absent. */
function child(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>|<${name}\\s*/>`).exec(xml);
  return match ? unescapeXml(match[1] ?? '') : undefined;
}

/**
 * Reads S3's ListVersionsResult. S3's XML is flat and regular, and a regular expression reads it
 * the same in the browser and in Node (which has no DOMParser). Each key's entries come newest
 * first whether S3 interleaves versions and delete markers or writes them as two runs.
 */
export function parseVersionsPage(xml: string): VersionsPage {
  const versions: ObjectVersion[] = [];
  for (const match of xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)) {
    const body = match[2]!;
    const size = child(body, 'Size');
    const eTag = child(body, 'ETag');
    versions.push({
      path: child(body, 'Key') ?? '',
      versionId: child(body, 'VersionId') ?? 'null',
      isLatest: child(body, 'IsLatest') === 'true',
      deleteMarker: match[1] === 'DeleteMarker',
      lastModified: new Date(child(body, 'LastModified') ?? 0),
      ...(size !== undefined ? { size: Number(size) } : {}),
      ...(eTag !== undefined ? { eTag } : {}),
    });
  }
  // Keys stay in S3's order (UTF-8 bytes, which JavaScript's string order is not): the last key of
  // a page is the one whose versions may go on in the next page.
  const byKey = new Map<string, ObjectVersion[]>();
  for (const v of versions) {
    const entries = byKey.get(v.path);
    if (entries) entries.push(v);
    else byKey.set(v.path, [v]);
  }
  const newestFirst = (a: ObjectVersion, b: ObjectVersion) =>
    Number(b.isLatest) - Number(a.isLatest) || b.lastModified.getTime() - a.lastModified.getTime();
  const ordered = [...byKey.values()].flatMap((entries) => entries.sort(newestFirst));
  const head = xml.replace(/<(Version|DeleteMarker|CommonPrefixes)>[\s\S]*?<\/\1>/g, '');
  return {
    versions: ordered,
    truncated: child(head, 'IsTruncated') === 'true',
    nextKeyMarker: child(head, 'NextKeyMarker'),
    nextVersionIdMarker: child(head, 'NextVersionIdMarker'),
  };
}

/** S3's `<Error>` answer, if `xml` is one. */
export function s3ErrorOf(xml: string): { code: string; message: string } | undefined {
  if (!/<Error>/.test(xml)) return undefined;
  return { code: child(xml, 'Code') ?? 'UnknownError', message: child(xml, 'Message') ?? '' };
}
