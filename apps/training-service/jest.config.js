module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'training-service',
  rootDir: __dirname,
};
