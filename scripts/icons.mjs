// The icon font: Material Symbols Outlined cut down to the glyphs in src/icons/glyphs.txt, one
// static instance (weight 400, outlined, optical size 24), ligatures kept so templates still write
// `<mat-icon>delete</mat-icon>`. `npm run icons` rebuilds src/icons/material-symbols.woff2 after
// the list changes; scripts/icons.test.mjs fails when the font and the list or the templates differ.
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as hb from 'harfbuzzjs';

const require = createRequire(import.meta.url);
const fontverter = require('fontverter');
const subsetFont = require('subset-font');

const root = fileURLToPath(new URL('..', import.meta.url));
export const LIST_FILE = `${root}src/icons/glyphs.txt`;
export const FONT_FILE = `${root}src/icons/material-symbols.woff2`;
const SOURCE_FONT = `${root}node_modules/material-symbols/material-symbols-outlined.woff2`;
const AXES = { wght: 400, FILL: 0, GRAD: 0, opsz: 24 };

/** The glyph names of the list, in file order. */
export function readGlyphList(file = LIST_FILE) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/**
 * Glyph names the app's templates and route data name: the text of each `<mat-icon>` (plain, or
 * the string literals of its interpolation), `fontIcon="…"`, and `icon: '…'` in TypeScript.
 * Returns name → files that use it. Specs are left out (they never reach a user).
 */
export function glyphsUsedInApp(dir = `${root}src/app`) {
  const used = new Map();
  const add = (name, file) => {
    if (!used.has(name)) used.set(name, new Set());
    used.get(name).add(file.slice(root.length));
  };
  const files = globSync(`${dir}/**/*.{html,ts}`).filter((f) => !f.endsWith('.spec.ts'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, body] of text.matchAll(/<mat-icon\b[^>]*>([\s\S]*?)<\/mat-icon>/g)) {
      const content = body.trim();
      if (/^[a-z0-9_]+$/.test(content)) add(content, file);
      for (const [, expr] of content.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
        // Literals the expression can evaluate to (`a ? 'x' : 'y'`, `v ?? 'x'`), not those it compares with.
        for (const [, , name] of expr.matchAll(/(?:^|[?:|])\s*(['"])([a-z0-9_]+)\1/g)) add(name, file);
      }
    }
    for (const [, name] of text.matchAll(/fontIcon="([a-z0-9_]+)"/g)) add(name, file);
    if (file.endsWith('.ts')) {
      for (const [, name] of text.matchAll(/\bicon:\s*'([a-z0-9_]+)'/g)) add(name, file);
    }
  }
  return used;
}

async function harfbuzzFont(woff2) {
  const ttf = await fontverter.convert(woff2, 'truetype');
  const face = new hb.Face(new hb.Blob(ttf));
  return { face, font: new hb.Font(face) };
}

function shape(font, text) {
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  return buffer.getGlyphInfos().map((info) => info.codepoint);
}

/** Which of `names` the font draws as one glyph (a ligature), and which it spells out. */
export async function ligatures(woff2, names) {
  const { font } = await harfbuzzFont(woff2);
  const present = [];
  const absent = [];
  for (const name of names) (shape(font, name).length === 1 ? present : absent).push(name);
  return { present, absent };
}

/** Builds the subset font for `names`; throws for a name Material Symbols does not have. */
export async function buildFont(names) {
  const source = readFileSync(SOURCE_FONT);
  const { face, font } = await harfbuzzFont(source);
  // Each glyph also has a private-use code point; keeping those (and no layout closure) keeps
  // exactly these glyphs and the ligatures that spell them.
  const codePointOf = new Map();
  for (const cp of Array.from(face.collectUnicodes())) {
    const [gid] = shape(font, String.fromCodePoint(cp));
    if (!codePointOf.has(gid)) codePointOf.set(gid, cp);
  }
  const text = new Set(names.join(''));
  const unknown = [];
  for (const name of names) {
    const glyphs = shape(font, name);
    const cp = glyphs.length === 1 ? codePointOf.get(glyphs[0]) : undefined;
    if (cp === undefined) unknown.push(name);
    else text.add(String.fromCodePoint(cp));
  }
  if (unknown.length) throw new Error(`Material Symbols has no glyph named: ${unknown.join(', ')}`);
  return subsetFont(source, [...text].join(''), { targetFormat: 'woff2', noLayoutClosure: true, variationAxes: AXES });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = readGlyphList();
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length) console.warn(`glyphs.txt lists twice: ${duplicates.join(', ')}`);
  const font = await buildFont([...new Set(names)]);
  writeFileSync(FONT_FILE, font);
  console.log(`${FONT_FILE.slice(root.length)}: ${new Set(names).size} glyphs, ${font.length} bytes`);
  const missing = [...glyphsUsedInApp().keys()].filter((name) => !names.includes(name));
  if (missing.length) console.warn(`used in src/app but not in glyphs.txt: ${missing.join(', ')}`);
}
