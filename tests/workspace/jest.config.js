// Checks on the workspace as a whole: Prisma schemas against their migrations, the OpenAPI documents, the test kit's
// port reservations.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workspace',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/../platform/jest.setup.ts'],
};
