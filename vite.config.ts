import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { nodeManifestPlugin } from './src/manifest/vite-plugin';
import { cspPlugin } from './src/security/csp';

/**
 * Cross-origin isolation (COOP + COEP) on the dev server and on preview: it gives the
 * page SharedArrayBuffer, which multi-threaded WASM needs. Every resource the app loads
 * is its own (the WASM binaries included), so require-corp blocks nothing.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  // The page reads node types from a manifest built from the registry (src/manifest/).
  plugins: [react(), nodeManifestPlugin(), cspPlugin()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: {
    // The engine worker is split into chunks (dynamic imports): ES module workers.
    format: 'es',
    // Whitespace-only minification for the worker. tfjs-backend-wasm starts its pthread
    // workers from `wasmFactoryThreadedSimd.toString()`: a function that names variables of
    // its enclosing module. Mangling or compressing renames them, and the threaded backend
    // dies in its helper workers ("e is not defined"; NOTES.md). Measured in Chromium on the
    // production build: fully minified (2.5 MB) crashes, mangle off but compress on crashes,
    // both off (3.2 MB) runs threaded WASM. The alternative, no threads, costs speed.
    rolldownOptions: { output: { minify: { mangle: false, compress: false } } },
  },
  build: {
    target: 'es2022',
    // tfjs is large by nature; the engine is in the worker, off the page's critical path.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: { main: page('index.html'), run: page('run.html') },
    },
  },
});
