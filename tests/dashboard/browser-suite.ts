import { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { buildDashboard } from './dashboard-build';
import { settleAll } from './settle-all';
import { StepTimes } from './step-times';

/**
 * A browser suite's setup: Vite's build, the suite's services (`what` names them in the step table) and Chromium
 * start together, being independent; then one page. A browser launched before another part failed is closed here.
 */
export async function openBrowserSuite(times: StepTimes, what: string, startServices: () => Promise<unknown>): Promise<{ browser: Browser; page: Page }> {
  let browser: Browser | undefined;
  try {
    await times.time('setup, the three parts below overlapping', () =>
      settleAll([
        times.time('setup: dashboard build', buildDashboard),
        times.time(`setup: ${what}`, startServices),
        times.time('setup: Chromium', async () => {
          browser = await launchChromium();
        }),
      ]),
    );
  } catch (error) {
    await browser?.close();
    throw error;
  }
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30_000);
  return { browser: browser!, page };
}
