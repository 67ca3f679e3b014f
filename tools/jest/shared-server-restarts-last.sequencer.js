// Test order for the e2e-alone phase of `npm test` (tools/test.sh), whose suites run one at a time: the suites that
// restart a shared server (Kafka, Redis or Postgres, through infra/restart.sh) run after every other suite, one after
// another in a fixed order. Nothing then runs while a server restarts, and a restart that leaves a server broken
// fails only the suites that caused it.
// Every other suite keeps Jest's own order (failed first, then slowest first).
const { existsSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Paths (from the repository root) of the suites that restart shared servers, in the order they run. */
const RESTARTS_SHARED_SERVERS = [
  'tests/platform/exactly-once.e2e.spec.ts',
  'tests/billing/ledger-reliability.e2e.spec.ts',
  'tests/chain/chain-faults.e2e.spec.ts',
];

// A renamed suite would silently lose its place at the end: name it here again.
for (const suite of RESTARTS_SHARED_SERVERS) {
  if (!existsSync(path.join(__dirname, '../..', suite))) throw new Error(`${__filename}: ${suite} no longer exists; update RESTARTS_SHARED_SERVERS`);
}

const restartRank = (test) => RESTARTS_SHARED_SERVERS.findIndex((suffix) => test.path.endsWith(suffix));

class SharedServerRestartsLast extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const restarting = ordered.filter((test) => restartRank(test) >= 0).sort((a, b) => restartRank(a) - restartRank(b));
    return [...ordered.filter((test) => restartRank(test) < 0), ...restarting];
  }
}

module.exports = SharedServerRestartsLast;
module.exports.RESTARTS_SHARED_SERVERS = RESTARTS_SHARED_SERVERS;
