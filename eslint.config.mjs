// One lint standard for the whole repository (issue #13). `npm run lint` runs it with --max-warnings 0.
// Formatting is Prettier's job alone: eslint-config-prettier comes last and turns off every rule it would fight.
import js from '@eslint/js';
import angular from 'angular-eslint';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TESTS = [
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.test.ts',
  '**/*.test.mjs',
  'api/test/**',
  'sandbox/test/**',
  'e2e/**',
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/.angular/',
    '.tools/',
    '.bin/',
    '.data/',
    '**/coverage/',
    '**/test-results/',
    '**/playwright-report/',
    'bench/results/',
    // Generated from openapi.yaml before every build, test and lint (ng-openapi-gen, openapi-typescript).
    'dashboard/src/app/api/',
    'client/src/schema.ts',
  ]),

  {
    files: [...TS, ...JS],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked, tseslint.configs.stylisticTypeChecked],
    plugins: { 'simple-import-sort': simpleImportSort },
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json that owns it (api, sandbox, client, dashboard's app/spec
        // projects, contract/client-check); the loose scripts, benches, examples and e2e tests with the root one.
        projectService: {
          // Its declaration file (chromium.d.cts) takes its place in every program, so it has none of its own.
          allowDefaultProject: ['scripts/chromium.cjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // One block, no blank lines, packages (node: among them) before relative paths: the order the code already uses.
      'simple-import-sort/imports': ['error', { groups: [['^\\u0000', '^@?\\w', '^', '^\\.']] }],
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/consistent-type-exports': 'error',
      // A promise nobody awaits loses its error: mark a deliberate fire-and-forget with `void` and say why.
      // node:test's test() promises are the runner's: they never reject (a failure is reported, not thrown).
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `process.env.X as string` after Joi validated it says what the value is; `!` would only say "not null".
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // `||` on a string is deliberate here: an empty env var or form field counts as missing, as undefined does.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // Passing on a caught or rejected `unknown` forwards an error; it does not invent a non-Error one.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },

  {
    // Plain JavaScript has no annotations: every parameter and JSON.parse result is `any`, so the unsafe-* rules
    // would flag each use of one. The promise rules (floating, misused, await-thenable) still apply: they are
    // what type information buys a script most.
    files: JS,
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Callback APIs hand JS code untyped errors: what they are is the library's business.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // require() is how a .cjs file imports, and how an .mjs one reaches a CommonJS-only path (createRequire).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },

  {
    // Node code: the API, the sandbox, the client, scripts, benches, contract and docker checks, e2e set-ups.
    files: [
      'api/**',
      'sandbox/**',
      'client/**',
      'examples/**',
      'scripts/**',
      'bench/**',
      'contract/**',
      'docker/**',
      'e2e/**',
      'dashboard/scripts/**',
      'dashboard/*.mjs',
      '*.mjs',
    ],
    languageOptions: { globals: { ...globals.node } },
  },

  {
    // NestJS: modules and DTOs are classes without members by design (@Module, class-validator shapes).
    files: ['api/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },

  {
    // Fastify route handlers are async by contract: the returned value is the reply, a throw the error reply,
    // whether or not the body awaits anything yet.
    files: ['sandbox/src/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },

  {
    // The OpenAPI post-processing walks the generated document as untyped JSON (`Json = Record<string, any>`):
    // its output is checked instead, by Spectral and the drift test against openapi.yaml.
    files: ['api/src/common/openapi/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    files: TESTS,
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      // Tests read HTTP bodies, JSON files and mock calls, which are `any` by their libraries' types
      // (supertest's res.body, jest.Mock, JSON.parse): narrowing each one would hide the assertion in casts.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(service.method).toHaveBeenCalled() passes a method without calling it; Jest never calls it unbound.
      '@typescript-eslint/unbound-method': 'off',
      // Test doubles implement async interfaces with bodies that need no await, and stub methods exist only to
      // carry a decorator or satisfy an interface.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Recorded protocol payloads (socket events, SDK callbacks, JSON bodies) are untyped by nature.
      '@typescript-eslint/no-explicit-any': 'off',
      // The api specs import without the .js suffix (Jest resolves it, tsc's nodenext does not), so a type they
      // import can be unresolved and reads as `any` in a union.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },

  {
    files: ['dashboard/src/**/*.ts'],
    extends: [angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // `tt-` is the dashboard's prefix; the support toast is an attribute component because ngx-toastr hosts it.
      '@angular-eslint/component-selector': [
        'error',
        { type: ['element', 'attribute'], prefix: 'tt', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'tt', style: 'camelCase' }],
      // Angular's Validators are static functions meant to be passed by reference (Validators.required).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['dashboard/src/**/*.spec.ts'],
    languageOptions: { globals: { ...globals.vitest } },
  },
  {
    files: ['dashboard/src/**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
  },

  // Last: formatting is Prettier's, never a lint error.
  prettier,
);
