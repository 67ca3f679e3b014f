// training-service end to end: a dataset version from data-service trained into a registered model by real workers.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'training-e2e',
  rootDir: __dirname,
  // The validation-set test computes its expected loss with onnxruntime in the test process.
  testEnvironment: '<rootDir>/../../libs/model-runtime/jest.environment.js',
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  // The evals test runs the model in onnxruntime to check scores: typed arrays must be the process's own.
  testEnvironment: '<rootDir>/../../libs/model-runtime/jest.environment.js',
};
