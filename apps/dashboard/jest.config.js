// The dashboard's data shaping (pure functions, no DOM); its pages are tested in Chromium by tests/dashboard.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dashboard',
  rootDir: __dirname,
};
