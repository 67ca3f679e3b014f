module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'serving-service',
  rootDir: __dirname,
  // The engine's specs run onnxruntime in the test process: share the main realm's typed arrays with it.
  testEnvironment: '<rootDir>/../../libs/model-runtime/jest.environment.js',
};
