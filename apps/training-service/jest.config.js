module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'training-service',
  rootDir: __dirname,
  // The runner's specs train and export with onnxruntime-node, which needs the main realm's typed arrays.
  testEnvironment: '<rootDir>/../../libs/model-runtime/jest.environment.js',
};
