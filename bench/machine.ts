import * as tf from '@tensorflow/tfjs';
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  tfjs: string;
  backend: string;
  wasmSimd?: boolean;
  wasmThreads?: boolean;
}

/** What the figures were measured on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const flags = (name: string) => {
    try {
      return tf.env().getBool(name);
    } catch {
      return undefined;
    }
  };
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    wasmSimd: flags('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: flags('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
}
