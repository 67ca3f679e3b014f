module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'data-cleaning',
  rootDir: __dirname,
};
