module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'serving-service',
  rootDir: __dirname,
};
