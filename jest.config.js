// One Jest run over every project in the workspace (`npm test` provisions infrastructure first).
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js', '<rootDir>/tests/*/jest.config.js'],
};
