// What a browser fetches to show the console the first time, measured on a production build:
// the initial JS (index.html's scripts and module preloads), CSS, index.html, the icon font and
// the text fonts. Used by `npm run bench` (first-load.bench.mjs) and the e2e build check.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = 'dist/attachment-console/browser';
/** The goal of the first load: initial JavaScript, gzip-compressed. */
export const INITIAL_JS_GZIP_LIMIT = 150 * 1024;

function sizes(dir, files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

export function measureFirstLoad(dir = DIST) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const attr = (re) => [...html.matchAll(re)].map((m) => m[1]);
  const initialJs = [
    ...new Set([
      ...attr(/<script[^>]+src="([^"]+\.js)"/g),
      ...attr(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
      ...attr(/<link[^>]+href="([^"]+\.js)"[^>]+rel="modulepreload"/g),
    ]),
  ];
  const css = attr(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g).concat(
    attr(/<link[^>]+href="([^"]+\.css)"[^>]+rel="stylesheet"/g),
  );
  const media = existsSync(join(dir, 'media')) ? readdirSync(join(dir, 'media')) : [];
  const allJs = readdirSync(dir).filter((f) => f.endsWith('.js'));
  return {
    initialJs: sizes(dir, initialJs),
    lazyJs: sizes(
      dir,
      allJs.filter((f) => !initialJs.includes(f)),
    ),
    css: sizes(dir, [...new Set(css)]),
    indexHtml: sizes(dir, ['index.html']),
    iconFont: sizes(
      join(dir, 'media'),
      media.filter((f) => f.startsWith('material-symbols')),
    ),
    // A page in a Latin script downloads these (the other Roboto subsets only for their scripts).
    textFontsLatin: sizes(
      join(dir, 'media'),
      media.filter((f) => /^roboto-latin-\d+-normal-.*\.woff2$/.test(f)),
    ),
    allFonts: sizes(
      join(dir, 'media'),
      media.filter((f) => /\.(woff2?|ttf)$/.test(f)),
    ),
    outputsFile: existsSync(join(dir, 'amplify_outputs.json')),
  };
}

export function kB(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
