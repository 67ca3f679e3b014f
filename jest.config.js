// The Jest projects of the workspace, in the two phases `npm test` (tools/test.sh) runs one after the other:
// LLMCHAIN_TEST_PHASE=unit selects the CPU-only unit projects (apps/*, libs/*: no server, run in parallel workers),
// LLMCHAIN_TEST_PHASE=e2e the projects that drive real services on the shared Postgres, Redis and Kafka (tests/*, in
// band). Unset, a plain `npx jest <path>` sees every project.
const PHASES = {
  unit: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js'],
  e2e: ['<rootDir>/tests/*/jest.config.js'],
};

const phase = process.env.LLMCHAIN_TEST_PHASE;
if (phase && !PHASES[phase]) {
  throw new Error(`LLMCHAIN_TEST_PHASE must be one of ${Object.keys(PHASES).join(', ')} (got "${phase}")`);
}

module.exports = {
  projects: phase ? PHASES[phase] : Object.values(PHASES).flat(),
};
