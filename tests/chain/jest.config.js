// The whole chain across services: tenant isolation over every endpoint, and a fuzz pass over every public one.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chain-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
