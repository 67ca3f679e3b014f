module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'model-runtime',
  rootDir: __dirname,
  testEnvironment: '<rootDir>/jest.environment.js',
};
