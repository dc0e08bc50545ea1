import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setFlagsFromString } from 'node:v8';

export type NodeBackend = 'wasm' | 'cpu';

export interface BackendChoice {
  backend: string;
  reason: string;
}

/**
 * Backend choice in Node (tests, CLI, benchmarks): WASM, with the CPU backend as the
 * fallback. tfjs may silently pick another backend after a failed setBackend, so the
 * backend actually in use is read back and reported. The kernels the lab's conv networks
 * need come with them (nodes/lib/nn/conv-kernels.ts), not from here.
 */
export async function selectNodeBackend(wanted: NodeBackend = 'wasm'): Promise<BackendChoice> {
  tf.env().set('PROD', true);
  enableRelaxedSimd();
  let reason = `${wanted} requested`;
  let ok = false;
  try {
    ok = await tf.setBackend(wanted);
  } catch (e) {
    reason = `${wanted} failed to start (${(e as Error).message})`;
  }
  if (!ok && wanted !== 'cpu') {
    if (reason === `${wanted} requested`) reason = `${wanted} is not available`;
    await tf.setBackend('cpu');
    reason += '; fell back to cpu';
  }
  await tf.ready();
  return { backend: tf.getBackend(), reason };
}

/**
 * Relaxed SIMD (the fused multiply-add of the lab's GEMM, nodes/lib/wasm/gemm.ts) is on by default in
 * Chromium and in Node from 22; Node 20's V8 (11.3) has it behind --experimental-wasm-relaxed-simd,
 * which V8 reads when a module is validated, so setting it before the first kernel is built is
 * enough.
 */
function enableRelaxedSimd(): void {
  if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
}
