// Preloaded into a service process (NODE_OPTIONS=--require) by processClockEnv: the process's wall clock starts at
// LLMCHAIN_TEST_CLOCK_AT and runs on from there, so an end-to-end test can put a real service at the end of a month
// or past a session's lifetime without waiting for it. Only Date moves: timers and performance.now are untouched.
const startAt = Date.parse(process.env.LLMCHAIN_TEST_CLOCK_AT ?? '');
if (Number.isNaN(startAt)) throw new Error(`LLMCHAIN_TEST_CLOCK_AT must be an ISO instant (got "${process.env.LLMCHAIN_TEST_CLOCK_AT}")`);
const RealDate = Date;
const offsetMs = startAt - RealDate.now();

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}

globalThis.Date = ShiftedDate;
