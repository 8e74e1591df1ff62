import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA, and best practices) on the page as it is now and returns
 * its violations, one readable line each; an empty list means none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  // Colours measured mid-transition (a fade-in, a ripple) are not the ones a user reads.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const violations = await page.evaluate(async () => {
    type Axe = { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
    // Every rule on the whole page, except "content in landmarks", which leaves out the CDK overlay
    // container: menus and dialogs open there, at the end of <body>, from a trigger in a landmark.
    const all = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules: { region: { enabled: false } },
      resultTypes: ['violations'],
    });
    const landmarks = await axe.run(
      { include: [['body']], exclude: [['.cdk-overlay-container']] },
      { runOnly: { type: 'rule', values: ['region'] }, resultTypes: ['violations'] },
    );
    return [...all.violations, ...landmarks.violations];
  });
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`)
        .join('; ')}`,
  );
}
