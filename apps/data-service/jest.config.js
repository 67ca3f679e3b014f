module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'data-service',
  rootDir: __dirname,
};
