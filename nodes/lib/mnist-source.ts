/**
 * Where the MNIST digits come from: the binary written by scripts/prepare-mnist.mjs. The engine
 * stays free of DOM and Node APIs: the source is a function that yields the file's bytes, which
 * an entry point can replace (`setMnistSource`). The default fetches `/data/mnist.bin` (under
 * Vite's base URL) in a browser or worker, and reads public/data/mnist.bin from disk in Node
 * (preparing it first if it is missing). No network at run time: the file is served by the app.
 */
export interface MnistData {
  count: number;
  /** Label 0–9 of each digit. */
  labels: Uint8Array;
  /** Grey levels 0…255, row-major: count × 28 × 28 and count × 14 × 14. */
  pixels28: Uint8Array;
  pixels14: Uint8Array;
}

export type MnistSource = () => Promise<ArrayBuffer | Uint8Array>;

const MAGIC = 'MNST';
const VERSION = 1;

/** Read the file format of scripts/prepare-mnist.mjs. */
export function parseMnist(bytes: ArrayBuffer | Uint8Array): MnistData {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = String.fromCharCode(...u8.subarray(0, 4));
  if (u8.length < 12 || magic !== MAGIC) throw new Error('mnist.bin: not an MNIST file (bad magic); run `node scripts/prepare-mnist.mjs --force`');
  if (view.getUint32(4, true) !== VERSION) throw new Error(`mnist.bin: version ${view.getUint32(4, true)}, expected ${VERSION}; run \`node scripts/prepare-mnist.mjs --force\``);
  const count = view.getUint32(8, true);
  if (u8.length !== 12 + count * (1 + 784 + 196)) throw new Error(`mnist.bin: ${u8.length} bytes do not hold ${count} digits`);
  const labels = u8.subarray(12, 12 + count);
  const pixels28 = u8.subarray(12 + count, 12 + count * 785);
  const pixels14 = u8.subarray(12 + count * 785, 12 + count * 981);
  return { count, labels, pixels28, pixels14 };
}

async function defaultSource(): Promise<ArrayBuffer | Uint8Array> {
  if (typeof location !== 'undefined' && typeof fetch === 'function') {
    // Written out as import.meta.env so Vite substitutes it at build time.
    const base = import.meta.env?.BASE_URL ?? '/';
    const url = new URL(`${base}data/mnist.bin`, location.href);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load the MNIST digits from ${url} (HTTP ${res.status}); the build prepares them with scripts/prepare-mnist.mjs`);
    return res.arrayBuffer();
  }
  // Node (CLI, tests, benchmarks): a module the browser build never loads.
  const nodeModule = './mnist-node';
  const { readMnistFile } = (await import(/* @vite-ignore */ nodeModule)) as typeof import('./mnist-node');
  return readMnistFile();
}

let source: MnistSource = defaultSource;
let loaded: Promise<MnistData> | undefined;

/** Replace where the digits come from (e.g. a test fixture, or a bundler-specific URL). */
export function setMnistSource(src: MnistSource): void {
  source = src;
  loaded = undefined;
}

/** The digits, loaded once and shared. */
export function loadMnist(): Promise<MnistData> {
  loaded ??= source().then(parseMnist);
  loaded.catch(() => (loaded = undefined)); // a failed load may be retried
  return loaded;
}
