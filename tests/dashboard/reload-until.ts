import { setTimeout as sleep } from 'node:timers/promises';
import { Page } from 'playwright-core';

/**
 * Reloads the page until `shown` holds: what happens in the background (a Kafka round trip, a worker's job) shows on
 * a fresh load. Each check waits until the page has loaded what it fetches (its main region rendered, no "Loading …"
 * left), so it sees the data, not a half-loaded page. A reload every second whatever the page's state can come before
 * a loaded machine's page has fetched anything, again and again: that took 45-58 s to show a webhook delivered in 1 s.
 */
export async function reloadUntil(page: Page, shown: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.getByRole('main').waitFor();
    // The dashboard's one loading indicator (components/feedback.tsx), on every list and record while it loads.
    await page.locator('main .loading').first().waitFor({ state: 'detached' });
    if (await shown()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not shown after ${timeoutMs / 1000} s of reloads`);
    await sleep(250);
    await page.reload();
  }
}
