// The icon font holds every glyph the app uses, and only the listed ones (see scripts/icons.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FONT_FILE, glyphsUsedInApp, ligatures, readGlyphList } from './icons.mjs';

const list = readGlyphList();

test('every glyph a template or route under src/app uses is in src/icons/glyphs.txt', () => {
  const missing = [...glyphsUsedInApp()]
    .filter(([name]) => !list.includes(name))
    .map(([name, files]) => `${name} (${[...files].join(', ')})`);
  assert.deepEqual(missing, [], 'add these to src/icons/glyphs.txt, then run `npm run icons`');
});

test('the committed font draws every listed glyph', async () => {
  const { absent } = await ligatures(readFileSync(FONT_FILE), list);
  assert.deepEqual(absent, [], 'the font is older than glyphs.txt: run `npm run icons`');
});

test('the committed font leaves out glyphs that are not listed', async () => {
  const { present } = await ligatures(readFileSync(FONT_FILE), ['home', 'settings', 'star', 'favorite']);
  assert.deepEqual(present, []);
  assert.ok(readFileSync(FONT_FILE).length < 32 * 1024, 'the subset font should stay a few kB');
});

test('the scan finds glyphs in plain text, interpolated literals, fontIcon and route data', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/icons-`);
  writeFileSync(
    `${dir}/page.html`,
    `<mat-icon aria-hidden="true">alpha</mat-icon><mat-icon>{{ on ? 'beta' : "gamma" }}</mat-icon>
     <mat-icon fontIcon="delta" /><mat-icon>{{ item.icon }}</mat-icon>
     <mat-icon>{{ kind === 'conflict' ? 'eta' : kind ?? 'theta' }}</mat-icon>`,
  );
  writeFileSync(`${dir}/routes.ts`, `export const r = [{ data: { nav: { label: 'X', icon: 'epsilon' } } }];`);
  writeFileSync(`${dir}/page.spec.ts`, `const t = '<mat-icon>zeta</mat-icon>';`);
  assert.deepEqual([...glyphsUsedInApp(dir).keys()].sort(), [
    'alpha',
    'beta',
    'delta',
    'epsilon',
    'eta',
    'gamma',
    'theta',
  ]);
});
