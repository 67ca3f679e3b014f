// ESLint (flat config), run by `npm test` before the unit phase: a small rule set the code already follows, and the
// module boundaries (a lib never imports an app; a billing feature never imports another's internals). Type-aware
// rules are left out: they would cost a second full type-check, which `npm test` already runs with tsc.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** A feature's public surface, what another feature may import: its Nest module and the providers it exports. */
const PUBLIC_FILE = String.raw`[^/]+\.(module|service|repository|guard)`;

/** Imports from a sibling folder of src/ that is neither shared (common, config, generated) nor a public file. */
const anotherFeaturesInternals = {
  regex: String.raw`^\.\./(?!(common|config|generated)/)[^/]+/(?!${PUBLIC_FILE}$)`,
  message: "a feature never imports another feature's internals: import its module or service, or move what both use to common/",
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', '**/dist/**', '.cache/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names and rest siblings drop what a destructuring or a callback does not use, on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // JSON answers read by tests are untyped on purpose: the test states what it expects of them.
    files: ['tests/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/dashboard/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'a lib never imports an app' }] }] },
  },
  {
    // Specs may use another feature's pure functions as their independent truth. Serving is not held to this yet:
    // its features import the engine's and the OpenAI API's internals in about 40 places.
    files: ['apps/billing-service/src/*/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [anotherFeaturesInternals] }] },
  },
  {
    files: ['apps/billing-service/src/common/**/*.ts', 'apps/serving-service/src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: String.raw`^\.\./(?!(config|generated)/)`, message: 'common/ is what features share: it imports no feature' }] }],
    },
  },
);
