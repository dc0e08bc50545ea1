import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'e2e/screenshots', 'public', 'out', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine and the nodes run in workers and in Node: no React, no DOM editor code.
    files: ['src/engine/**', 'nodes/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', '@xyflow/*', '*/editor/*'] }],
    },
  },
);
