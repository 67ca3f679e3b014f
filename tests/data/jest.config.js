// data-service end to end (upload → clean → dataset version over HTTP) and the cleaning accuracy check against a
// generated corpus with planted ground truth.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'data-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
