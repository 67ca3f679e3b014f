// kubernetes-models and the packages under it that ship ES modules only (the "import" condition, "type": "module"):
// Jest resolves CommonJS requires with "require", so these few are resolved with "import" (others, Jest's own
// dependencies among them, keep their CommonJS builds) and the config's transform turns them into CommonJS.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[^/]+|is-cidr|cidr-regex)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(request, ESM_ONLY.test(request) ? { ...options, conditions: ['import', 'default'] } : options);
