/**
 * The page's entry. The engine worker starts first: it loads tfjs and the WASM kernels
 * (megabytes) while the editor's own chunk (React, React Flow, the node manifest) loads
 * beside it, instead of after it. What index.html loads before the worker starts is this
 * module and the worker client (bench/browser/bundle.ts measures it).
 */
import { getEngine } from './editor/engine';

getEngine();

const root = document.getElementById('root')!;
import('./editor/mount')
  .then(({ mountEditor }) => mountEditor(root))
  .catch((e: unknown) => {
    root.textContent = `The editor could not load: ${e instanceof Error ? e.message : String(e)}. Reload the page to try again.`;
  });
