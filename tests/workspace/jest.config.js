// Checks on the workspace as a whole: Prisma schemas against their migrations.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workspace',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/../platform/jest.setup.ts'],
};
