// The end-to-end suites `npm test` runs one at a time after all the others, which may run two at a time
// (LLMCHAIN_E2E_WORKERS, tools/test.sh): each of those owns what it touches (a database per service, a Kafka topic and
// consumer-group namespace, the BullMQ prefix derived from it, free ports, its own bucket and dashboard build).
const { existsSync } = require('node:fs');
const path = require('node:path');
const { RESTARTS_SHARED_SERVERS } = require('./shared-server-restarts-last.sequencer');

/** Suites whose assertions hold a wall-clock bound or a CPU share that a second suite beside them would take away. */
const NEED_THE_MACHINE_TO_THEMSELVES = [
  // health answers within 1 s while a worker cleans pathological documents under a per-document time budget
  'tests/data/cleaning-adversarial.e2e.spec.ts',
  // lease periods and expiries of 0.2-2 s checked with sleeps
  'tests/platform/replica-lease.e2e.spec.ts',
  // login lockouts of 1 and 2 s checked with sleeps
  'tests/billing/login-security.e2e.spec.ts',
  // picks the process that works by its CPU use over one second; counts lease runs per 1.8 s
  'tests/scale/two-of-every-process.e2e.spec.ts',
];

/** In the order they run: the machine-bound suites, then the server restarts (see that sequencer). */
const RUN_ALONE = [...NEED_THE_MACHINE_TO_THEMSELVES, ...RESTARTS_SHARED_SERVERS];

for (const suite of NEED_THE_MACHINE_TO_THEMSELVES) {
  if (!existsSync(path.join(__dirname, '../..', suite))) throw new Error(`${__filename}: ${suite} no longer exists; update the list`);
}

const runsAlone = (testPath) => RUN_ALONE.some((suite) => testPath.endsWith(suite));

module.exports = { RUN_ALONE, runsAlone };
