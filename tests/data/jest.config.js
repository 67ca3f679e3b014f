// data-service end to end (upload → clean → dataset version over HTTP) and the cleaning accuracy check against a
// generated corpus with planted ground truth.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  // hyparquet-writer (which writes the Parquet fixtures) ships ES modules only: SWC turns them into CommonJS for Jest.
  transform: { ...preset.transform, '^.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
  displayName: 'data-e2e',
  rootDir: __dirname,
  // testTimeout is a global option that a project config cannot set; a setup file can.
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
