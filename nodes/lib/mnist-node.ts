import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node side of mnist-source.ts: public/data/mnist.bin read from disk, prepared on the fly by
 * scripts/prepare-mnist.mjs when missing. Never imported by browser code.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function readMnistFile(): Promise<Uint8Array> {
  const path = join(root, 'public', 'data', 'mnist.bin');
  if (!existsSync(path)) {
    const script = pathToFileURL(join(root, 'scripts', 'prepare-mnist.mjs')).href;
    const { prepareMnist } = (await import(/* @vite-ignore */ script)) as { prepareMnist: (o: { out: string; log?: (m: string) => void }) => string };
    prepareMnist({ out: path, log: () => {} });
  }
  return new Uint8Array(readFileSync(path));
}
