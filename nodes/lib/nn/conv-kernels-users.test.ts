import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../index';

const NODES = path.resolve(import.meta.dirname, '../..');
/** The ops whose kernels conv-kernels.ts adds or corrects (their gradients come with them). */
const CONV_OPS = /\btf\.(conv2d|conv2dTranspose|resizeNearestNeighbor|image\.resizeNearestNeighbor)\s*\(/;
/** The kernels' own files and their tfjs-ops twins: they are what conv-kernels.ts installs. */
const KERNEL_FILES = /(conv-kernels|-kernel|conv-filter-grad|conv-input-grad|conv-geometry|resize-nearest-grad|conv-testing)\.ts$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('conv kernels come with the node code that needs them', () => {
  it('every module of nodes/ that issues conv or nearest-resize ops imports conv-kernels.ts', () => {
    const users = sources(NODES).filter((f) => !KERNEL_FILES.test(f) && CONV_OPS.test(readFileSync(f, 'utf8')));
    expect(users.length).toBeGreaterThan(0);
    const missing = users.filter((f) => !/^import ['"]\.\/conv-kernels['"];$|^import ['"][./]+\/lib\/nn\/conv-kernels['"];$/m.test(readFileSync(f, 'utf8')));
    expect(missing.map((f) => path.relative(NODES, f))).toEqual([]);
  });

  it('loading the node types installs them on wasm and cpu, with no call from the engine', () => {
    createRegistry();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // The lab's replacements are marked as such (wasm/backend.ts, replaceKernel).
    for (const [kernel, backend] of [['Conv2DBackpropInput', 'wasm'], ['Slice', 'wasm'], ['ResizeNearestNeighborGrad', 'cpu']]) {
      const config = tf.getKernel(kernel, backend) as object | undefined;
      expect(Object.getOwnPropertySymbols(config ?? {}).map(String), `${kernel} on ${backend}`).toContain('Symbol(replaced by the lab)');
    }
  });
});
