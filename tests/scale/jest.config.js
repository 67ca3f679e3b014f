// Two of every process on the shared Postgres, Redis, Kafka and S3, one of each kind SIGKILLed while the chain runs.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'scale-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
