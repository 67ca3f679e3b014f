// ESLint (flat config), run by `npm test` before the unit phase: a small rule set the code already follows, and the
// module boundaries (a lib never imports an app; a billing feature never imports another's internals). Type-aware
// rules are left out: they would cost a second full type-check, which `npm test` already runs with tsc.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * A feature's public surface, what another feature may import: its Nest module, the providers it exports, and its
 * route descriptions (`*.openapi.ts`, which the service's OpenAPI document gathers).
 */
const PUBLIC_FILE = String.raw`[^/]+\.(module|service|repository|guard|openapi)`;

/**
 * Imports from a sibling folder of src/ that is neither shared (common, config, generated) nor a public file, nor one
 * of the files a service makes public by name (`feature/file`, regex alternatives).
 */
const anotherFeaturesInternals = (publicByName = []) => ({
  regex: String.raw`^\.\./(?!(common|config|generated)/)` + (publicByName.length ? String.raw`(?!(${publicByName.join('|')})$)` : '') + String.raw`[^/]+/(?!${PUBLIC_FILE}$)`,
  message: "a feature never imports another feature's internals: import its module or service, or move what both use to common/",
});

/**
 * Serving's files other features build on that are neither modules nor providers: the engine's run and scheduler
 * types (what a loaded model schedules, what a run reports), the loaded model itself, and the OpenAI API's request
 * parsing and answer shaping, which the batch API replays line by line.
 */
const SERVING_PUBLIC_FILES = [
  'engine/(generation-run|batch-scheduler|tenant-fair-queue|model-scheduler)',
  'models/served-model',
  'openai/(request-parameters|completion-requests|embedding-parameters|completion-responder|embeddings-response)',
];

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
    // Specs may use another feature's pure functions as their independent truth.
    files: ['apps/billing-service/src/*/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [anotherFeaturesInternals()] }] },
  },
  {
    files: ['apps/serving-service/src/*/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [anotherFeaturesInternals(SERVING_PUBLIC_FILES)] }] },
  },
  {
    files: ['apps/billing-service/src/common/**/*.ts', 'apps/serving-service/src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: String.raw`^\.\./(?!(config|generated)/)`, message: 'common/ is what features share: it imports no feature' }] }],
    },
  },
);
