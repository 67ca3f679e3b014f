// Browser tests of the dashboard: headless Chromium (Debian's, driven by playwright-core) against the built app and
// the real services on real Postgres, Redis and Kafka.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dashboard-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
