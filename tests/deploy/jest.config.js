// Static checks on the deployment files (docker-compose.yml, deploy/): compose, Kubernetes, Prometheus, Grafana,
// against schemas and grammars from npm packages and the metric names the services' code registers. No server needed.
const preset = require('../../jest.preset.js');
const [, swcOptions] = preset.transform['^.+\\.ts$'];
const ESM_ONLY_PACKAGES = '(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)';

module.exports = {
  ...preset,
  displayName: 'deploy',
  rootDir: __dirname,
  // kubernetes-models ships ES modules only: esm-package-resolver.js finds their files, SWC turns them into CommonJS.
  resolver: '<rootDir>/esm-package-resolver.js',
  transform: { ...preset.transform, [`/node_modules/${ESM_ONLY_PACKAGES}/.+\\.js$`]: ['@swc/jest', { ...swcOptions, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY_PACKAGES}/)`],
};
