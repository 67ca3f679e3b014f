/**
 * Waits for every one of the promises, then fails with the first failure. Promise.all would fail at once and leave the
 * others running past the suite's teardown (a Chromium still launching, a service still booting).
 */
export async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
