import type { BrowserBackendOptions } from './backend-browser';

/**
 * Multi-threaded WASM in the browser. To be settled by the e2e test of the production
 * build (NOTES.md: a minified Vite 8 build with threads crashed its helper workers).
 */
export const WASM_THREADS: BrowserBackendOptions = { wasmThreads: true };
