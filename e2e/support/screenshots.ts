import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser.ts';

/** The widths every screen is looked at: a laptop, and a phone. */
export const SCREEN_WIDTHS = [1280, 375] as const;

/**
 * Screenshots of the page as it is now, light and dark, at each width (`<name>-<width>-<scheme>`):
 * reloaded for each, `ready` waiting until it shows what the shot is of. Leaves the page light, at
 * 1280 px, reloaded and ready, for the test to go on.
 */
export async function screenshotsLightAndDark(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of SCREEN_WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
      await page.reload();
      await ready();
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await ready();
}

export type Scheme = 'light' | 'dark';

export interface InPlaceShots {
  /** Scrolled into view at each width before its shot. */
  focus?: Locator;
  /** Run once in each scheme before its shots, e.g. an axe check of what is open. */
  inScheme?: (scheme: Scheme) => Promise<void>;
  /** Run at each width before its shot, e.g. a layout check. */
  atWidth?: (width: number, scheme: Scheme) => Promise<void>;
}

/**
 * Screenshots of the page as it is, without reloading (an open dialog, a job under way), light and
 * dark at each width (`<name>-<width>-<scheme>`). Leaves the page light at 1280 px.
 */
export async function screenshotsInPlace(page: Page, name: string, options: InPlaceShots = {}): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await options.inScheme?.(scheme);
    for (const width of SCREEN_WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
      await options.focus?.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300); // the theme's transitions settle
      await options.atWidth?.(width, scheme);
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}
