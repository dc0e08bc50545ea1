import { decodeSafetensors, type SafeFile } from './safetensors';

/**
 * Where shipped weights come from: public/models/<name>.safetensors, served by the app at
 * models/<name>.safetensors (under Vite's base URL) and read from disk in Node (CLI, tests). As
 * for the digits (mnist-source.ts), the engine stays free of DOM and Node APIs: the source is a
 * function of the file's name that an entry point or a test can replace. Names are the fixed
 * ones the nodes list (never a path from a graph file). Loaded once per name and shared.
 */
export type ModelFileSource = (name: string) => Promise<ArrayBuffer | Uint8Array>;

async function defaultSource(name: string): Promise<ArrayBuffer | Uint8Array> {
  if (typeof location !== 'undefined' && typeof fetch === 'function') {
    // Written out as import.meta.env so Vite substitutes it at build time.
    const base = import.meta.env?.BASE_URL ?? '/';
    const url = new URL(`${base}models/${name}.safetensors`, location.href);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load the shipped weights ${name} from ${url} (HTTP ${res.status})`);
    return res.arrayBuffer();
  }
  // Node (CLI, tests, benchmarks): a module the browser build never loads.
  const nodeModule = './model-files-node';
  const { readModelFile } = (await import(/* @vite-ignore */ nodeModule)) as typeof import('./model-files-node');
  return readModelFile(name);
}

let source: ModelFileSource = defaultSource;
const loaded = new Map<string, Promise<SafeFile>>();

/** Replace where the files come from (a test fixture, a bundler-specific URL). */
export function setModelFileSource(src: ModelFileSource): void {
  source = src;
  loaded.clear();
}

/** The decoded file public/models/<name>.safetensors (a failed load may be retried). */
export function loadModelFile(name: string): Promise<SafeFile> {
  let file = loaded.get(name);
  if (!file) {
    file = source(name).then((bytes) => decodeSafetensors(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), `${name}.safetensors`));
    file.catch(() => loaded.delete(name));
    loaded.set(name, file);
  }
  return file;
}
