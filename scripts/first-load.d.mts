// Types for first-load.mjs, which the e2e suite imports from TypeScript.
export interface SizeSet {
  files: string[];
  raw: number;
  gzip: number;
}
export interface FirstLoad {
  initialJs: SizeSet;
  lazyJs: SizeSet;
  css: SizeSet;
  indexHtml: SizeSet;
  iconFont: SizeSet;
  textFontsLatin: SizeSet;
  allFonts: SizeSet;
  outputsFile: boolean;
}
export const DIST: string;
export const INITIAL_JS_GZIP_LIMIT: number;
export function measureFirstLoad(dir?: string): FirstLoad;
export function kB(bytes: number): string;
