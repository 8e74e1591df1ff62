import { formatBytes } from '../shared/format/file-format';
import { AttachmentError } from './attachment-error';

export interface AttachmentLimits {
  readonly maxBytes: number;
  readonly allowedTypes: readonly string[];
}

/**
 * Raster images only. SVG is refused on purpose: it is a document that can carry script, and a
 * signed URL opened in a tab (preview, download) would run it; covers never need vector art.
 */
export const DEFAULT_LIMITS: AttachmentLimits = {
  maxBytes: 20 * 1024 * 1024,
  allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'],
};

const TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
  'image/svg+xml': 'SVG',
  'application/pdf': 'PDF',
};

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
};

/** The file's media type: what the browser says, else what its extension says, else ''. */
export function fileType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) ?? '';
}

function typeList(types: readonly string[]): string {
  const names = types.map((t) => TYPE_NAMES[t] ?? t);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'no');
}

/** 'image' for an image type, else 'file': how messages call a file of that type. */
const kindOf = (type: string) => (type.startsWith('image/') ? 'image' : 'file');

/** What an operator must fix before the file can be uploaded, or null. Reads no bytes. */
export function validateFile(file: File, limits: AttachmentLimits): AttachmentError | null {
  const invalid = (message: string) => new AttachmentError('invalid-file', message);
  const name = `“${file.name}”`;
  // A field that takes images only asks for an image; one that takes other types, for a file.
  const wanted = limits.allowedTypes.every((t) => kindOf(t) === 'image') ? 'image' : 'file';
  if (file.size === 0) {
    return invalid(`${name} is empty (0 bytes). Choose ${wanted === 'image' ? 'an image file' : 'a file'}.`);
  }
  if (file.size > limits.maxBytes) {
    return invalid(
      `${name} is ${formatBytes(file.size)}; files can be at most ${formatBytes(limits.maxBytes)}. Choose a smaller ${wanted}.`,
    );
  }
  const type = fileType(file);
  if (!limits.allowedTypes.includes(type)) {
    const known = TYPE_NAMES[type];
    // "an SVG", "an AVIF", "a PNG": the article follows how the letters are said.
    const article = known && /^[AEFHILMNORSX]/.test(known) ? 'an' : 'a';
    const what = known ? `${article} ${known} ${kindOf(type)}` : type ? `of type ${type}` : 'of an unknown type';
    const why = type === 'image/svg+xml' ? ' (SVG files can contain scripts)' : '';
    return invalid(`${name} is ${what}${why}; only ${typeList(limits.allowedTypes)} ${wanted}s can be attached.`);
  }
  return null;
}

/** Whether the first bytes of a file are those of the type it claims to be. */
export function matchesSignature(type: string, head: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  switch (type) {
    case 'image/png':
      return head[0] === 0x89 && ascii(1, 4) === 'PNG';
    case 'image/jpeg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    case 'image/gif':
      return ascii(0, 4) === 'GIF8';
    case 'image/webp':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
    case 'image/avif':
      return ascii(4, 8) === 'ftyp' && ['avif', 'avis', 'mif1', 'msf1'].includes(ascii(8, 12));
    case 'application/pdf':
      return ascii(0, 5) === '%PDF-';
    default:
      return true; // no signature known for a type added to the allow-list by a setting
  }
}

/** Reads the first bytes and refuses a file whose content is not what its type says. */
export async function checkContent(file: File): Promise<AttachmentError | null> {
  const type = fileType(file);
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (matchesSignature(type, head)) return null;
  return new AttachmentError(
    'invalid-file',
    `“${file.name}” is not a ${TYPE_NAMES[type] ?? type} ${kindOf(type)}: its content does not match its type.`,
  );
}
