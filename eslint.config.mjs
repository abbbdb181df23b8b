import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// What ships never loads the devkit or the tests; the harness, the benchmarks and the devkit never load the tests.
const NOT_SHIPPED = ['**/devkit/**', '**/test/**'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: NOT_SHIPPED }] },
  },
  {
    files: ['harness/**', 'bench/**', 'devkit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/test/**'] }] },
  },
  {
    // The core stays free of Electron and of our other layers (see DESIGN.md).
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**', ...NOT_SHIPPED] }],
    },
  },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'node:*', '**/core/**', '**/main/**', ...NOT_SHIPPED] }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/main/**', '**/renderer/**', ...NOT_SHIPPED] }],
    },
  },
  {
    files: ['bin/**', 'scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
