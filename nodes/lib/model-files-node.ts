import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Node side of model-files.ts: public/models/<name>.safetensors read from disk. Never imported by browser code. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readModelFile(name: string): Uint8Array {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`shipped weights: '${name}' is not a model name`);
  const path = join(root, 'public', 'models', `${name}.safetensors`);
  if (!existsSync(path)) throw new Error(`shipped weights ${name}: ${path} does not exist`);
  return new Uint8Array(readFileSync(path));
}
