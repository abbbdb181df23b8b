import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
    // The core stays free of Electron and of our other layers (see DESIGN.md).
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**'] }],
    },
  },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'node:*', '**/core/**', '**/main/**'] }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/main/**', '**/renderer/**'] }],
    },
  },
  {
    files: ['bin/**', 'scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
