// ESLint with type-aware typescript-eslint rules; Prettier owns formatting (eslint-config-prettier turns off the
// rules that would fight it). The rules that matter most here: a promise a handler forgets to await is a reply or
// a write that silently never happens, so no-floating-promises and no-misused-promises are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.local/**',
      'coverage/**',
      'appPackage/build/**',
      'web/dist/**',
      '.deployment/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // teams-ai selectors and our handler types are promise-returning by contract; an async function without an
      // await is how such a function reads best.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, benchmarks and scripts read JSON off the wire and out of the store, where `any` is the honest type;
    // the product code keeps the no-unsafe-* rules.
    files: ['test/**', 'bench/**', 'scripts/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Test servers are `createServer(async (request, response) => ...)`; their promise is theirs to handle.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
