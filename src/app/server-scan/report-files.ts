import { InjectionToken } from '@angular/core';

/** Reads the server scan's report files from storage: the seam the specs fake. */
export interface ReportFiles {
  /** A JSON file (the summary). */
  json<T>(key: string): Promise<T>;
  /** One gzip NDJSON page, one entry per line. */
  lines<T>(key: string): Promise<T[]>;
}

/**
 * The bytes of a page as text. The function stores gzip with Content-Encoding: gzip, so a browser
 * may already have inflated it on the way in; gzip's magic bytes say which.
 */
export async function inflatedText(bytes: Uint8Array): Promise<string> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export function parseLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as T);
  return out;
}

// Loaded on first use: the Storage client stays out of the initial bundle.
const storage = () => import('aws-amplify/storage');

async function download(key: string): Promise<Uint8Array> {
  const { downloadData } = await storage();
  const { body } = await downloadData({ path: key }).result;
  return new Uint8Array(await (await body.blob()).arrayBuffer());
}

export const REPORT_FILES = new InjectionToken<ReportFiles>('ReportFiles', {
  providedIn: 'root',
  factory: () => ({
    json: async <T>(key: string) => JSON.parse(await inflatedText(await download(key))) as T,
    lines: async <T>(key: string) => parseLines<T>(await inflatedText(await download(key))),
  }),
});
