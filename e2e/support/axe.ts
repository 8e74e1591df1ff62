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
  // A snackbar comes and goes on its own timer: measured while it fades (or while the dialog it
  // followed closes, its siblings still aria-hidden) it is not what a user reads. Wait it out.
  await page.locator('mat-snack-bar-container').first().waitFor({ state: 'detached', timeout: 15_000 });
  await settled(page);
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

/**
 * Colours measured mid-transition (a fade-in, a ripple, a closing dialog) are not the ones a user
 * reads: waits until no finite animation has run for two frames in a row, at most five seconds.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const deadline = performance.now() + 5_000;
    let quiet = 0;
    while (quiet < 2 && performance.now() < deadline) {
      // A spinner runs forever; only animations that end are waited for.
      const running = document
        .getAnimations()
        .filter((a) => a.playState === 'running' && Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
      // (No named helper inside: tsx would wrap it in a __name call the page does not have.)
      await new Promise((resolve) => requestAnimationFrame(resolve));
      quiet = running.length === 0 ? quiet + 1 : 0;
    }
  });
}
