import { Page } from 'playwright-core';
import { DashboardStack } from './dashboard-stack';
import { StepTimes } from './step-times';

/**
 * Browser steps that build on each other: after one fails, the rest say so at once instead of each timing out, and
 * the failing one logs the services' last lines and the page it was on. Each step's time goes into `times`.
 */
export function chainedSteps(env: DashboardStack, page: () => Page, times: StepTimes) {
  let failedStep: string | null = null;
  return (name: string, run: () => Promise<void>) =>
    it(name, async () => {
      if (failedStep) throw new Error(`not run: the step "${failedStep}" failed`);
      try {
        await times.time(name, run);
      } catch (error) {
        failedStep = name;
        console.log(`${env.logs()}\n--- page at ${page().url()}\n${(await page().locator('main').textContent().catch(() => ''))?.slice(0, 1500)}`);
        throw error;
      }
    });
}
