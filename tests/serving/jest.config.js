// End-to-end tests of serving-service: the real service process on real Postgres, Redis and Kafka, driven with
// the official openai client.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'serving-e2e',
  rootDir: __dirname,
  // The adapter tests compute their expected answers with onnxruntime in the test process.
  testEnvironment: '<rootDir>/../../libs/model-runtime/jest.environment.js',
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
