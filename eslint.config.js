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
  {
    // The engine runs node types it is given (a registry); it never imports them itself.
    files: ['src/engine/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['react', 'react-dom', '@xyflow/*', '*/editor/*'], message: 'the engine runs in workers and in Node: no React, no editor code' },
        { group: ['**/nodes', '**/nodes/**'], message: 'the engine does not import node types: it is given a registry (nodes/index.ts) by the worker, the CLI or a test' },
      ] }],
    },
  },
  {
    // The page (editor, client, storage, sharing) reads node types from the manifest
    // (src/manifest/); tfjs and the node implementations load only in the worker.
    files: ['src/editor/**', 'src/client/**', 'src/storage/**', 'src/sharing/**', 'src/manifest/**', 'src/main.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/manifest/vite-plugin.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@tensorflow/*'], message: 'tfjs loads only in the engine worker; the page talks to it through src/client' },
        { group: ['**/nodes', '**/nodes/**'], message: 'the page reads node types from the manifest (src/editor/registry.ts), never from their implementations' },
        { group: ['**/workers/**', '**/engine/executor', '**/engine/body', '**/engine/scope', '**/engine/dispose', '**/engine/backend-node', '**/engine/assertions', '**/engine/values', '**/engine/port-values', '**/engine/result-cache'], message: 'engine modules that run nodes (tfjs) belong to the worker; the page uses the worker API' },
      ] }],
    },
  },
  {
    // What the canvas does not need to draw loads later, by import(): notes, docs and math
    // (KaTeX, marked, DOMPurify: src/editor/markdown-loader.ts) and dagre (the Arrange
    // action). A static import would put them back in the chunk the canvas waits for
    // (bench:browser's cold load). A second rule name, so the page's layering above stays.
    files: ['src/editor/**', 'src/main.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/editor/markdown.ts', 'src/editor/markdown-chunk.ts', 'src/editor/graph/arrange.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['katex', 'katex/**', 'marked', 'dompurify', '**/markdown', '**/markdown-chunk'], allowTypeImports: true, message: 'notes and math load lazily: use src/editor/markdown-loader.ts (loadMarkdown, useMarkdown)' },
        { group: ['@dagrejs/*', '**/graph/arrange'], allowTypeImports: true, message: 'dagre loads on the first Arrange: import(\'../graph/arrange\')' },
      ] }],
    },
  },
);
