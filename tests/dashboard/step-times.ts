/**
 * How long each part of a browser suite took (setup pieces that overlap, then each step), printed as one table when
 * the suite ends: a slow run's log then says where its time went without a rerun.
 */
export class StepTimes {
  private readonly rows: { name: string; seconds: number; outcome: string }[] = [];

  async time<T>(name: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let outcome = 'failed';
    try {
      const result = await run();
      outcome = 'ok';
      return result;
    } finally {
      this.rows.push({ name, seconds: (performance.now() - started) / 1000, outcome });
    }
  }

  /** One line per timed part in the order each ended, the name cut to fit a log line. */
  table(title: string): string {
    const lines = this.rows.map(({ name, seconds, outcome }) => `${seconds.toFixed(1).padStart(7)} s  ${outcome.padEnd(6)}  ${name.length > 90 ? `${name.slice(0, 89)}…` : name}`);
    return [`${title}: seconds per part`, ...lines].join('\n') + '\n';
  }
}
