// End-to-end tests of billing-service: real service processes on real Postgres, Redis and Kafka.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'billing-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
