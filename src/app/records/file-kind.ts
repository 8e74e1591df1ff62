import type { AttachmentLimits } from '../attachments/file-validation';

/** Raster images a browser shows in an <img>: previewed. SVG is not one of them (it can carry script). */
export const RASTER_IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'] as const;

/**
 * What a file field takes when nothing says otherwise: common documents, images, media and
 * archives. SVG and HTML may be stored and downloaded but are never shown inline.
 */
export const ANY_FILE_TYPES: readonly string[] = [
  ...RASTER_IMAGES,
  'image/svg+xml',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/html',
  'application/json',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'video/mp4',
  'video/webm',
];

/** Largest file a field takes when console.config.json gives no maxBytes. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  htm: 'text/html',
  html: 'text/html',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/** The media type a stored key's extension suggests, or ''. */
export function typeFromName(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) ?? '';
}

/**
 * The type the first bytes of a file show, for the common types that have a signature; '' when
 * the bytes say nothing certain (plain text, CSV, JSON have none).
 */
export function sniffType(head: Uint8Array): string {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(4, 8) === 'ftyp' && ['avif', 'avis'].includes(ascii(8, 12))) return 'image/avif';
  if (ascii(4, 8) === 'ftyp') return 'video/mp4';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(0, 3) === 'ID3') return 'audio/mpeg';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'video/webm';
  const text = ascii(0, head.length).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'text/html';
  return '';
}

/**
 * The file with its type read from its content when the browser gave none (or only
 * application/octet-stream): a PDF saved without an extension is still a PDF. A file whose
 * browser type disagrees with its content keeps that type, and the engine refuses it for the
 * mismatch.
 */
export async function withSniffedType(file: File): Promise<File> {
  if (file.type && file.type !== 'application/octet-stream') return file;
  const sniffed = sniffType(new Uint8Array(await file.slice(0, 64).arrayBuffer())) || typeFromName(file.name);
  return sniffed ? new File([file], file.name, { type: sniffed, lastModified: file.lastModified }) : file;
}

/** How the console shows a file of this type: an image preview, a PDF frame, or a download only. */
export type PreviewKind = 'image' | 'pdf' | 'none';

export function previewKind(type: string): PreviewKind {
  if ((RASTER_IMAGES as readonly string[]).includes(type)) return 'image';
  return type === 'application/pdf' ? 'pdf' : 'none';
}

/** A Material icon for a file of this type. */
export function typeIcon(type: string): string {
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'picture_as_pdf';
  if (type.startsWith('audio/')) return 'audio_file';
  if (type.startsWith('video/')) return 'video_file';
  if (type === 'application/zip') return 'folder_zip';
  if (type.includes('spreadsheet') || type === 'application/vnd.ms-excel' || type === 'text/csv') return 'table_chart';
  if (type === 'text/html' || type === 'application/json') return 'code';
  if (type.startsWith('text/') || type.includes('word')) return 'description';
  return 'draft';
}

/** A short name for a type: PDF, PNG, JPEG, SVG, DOCX… ('' when unknown). */
export function typeLabel(type: string): string {
  const ext = Object.entries(BY_EXTENSION).find(([, t]) => t === type)?.[0];
  return ext ? (ext === 'jpg' ? 'JPEG' : ext.toUpperCase()) : '';
}

/**
 * A field's accepted types as concrete media types: `image/*` is every raster image, `.pdf` its
 * type, an exact type itself; no list at all is ANY_FILE_TYPES.
 */
export function acceptedTypes(accept: readonly string[] | undefined): string[] {
  if (!accept || accept.length === 0) return [...ANY_FILE_TYPES];
  const types = accept.flatMap((entry) => {
    const e = entry.trim().toLowerCase();
    if (e === '*/*' || e === '*') return ANY_FILE_TYPES;
    if (e === 'image/*') return RASTER_IMAGES;
    if (e.endsWith('/*')) return ANY_FILE_TYPES.filter((t) => t.startsWith(e.slice(0, -1)));
    if (e.startsWith('.')) return BY_EXTENSION[e.slice(1)] ? [BY_EXTENSION[e.slice(1)]!] : [];
    return [e];
  });
  return [...new Set(types)];
}

/** The engine's limits for a field from what discovery (or console.config.json) says it takes. */
export function fieldLimits(accept: readonly string[] | undefined, maxBytes: number | undefined): AttachmentLimits {
  return { allowedTypes: acceptedTypes(accept), maxBytes: maxBytes ?? DEFAULT_MAX_BYTES };
}
