import * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './backend';

/**
 * `Identity` and a same-dtype `Cast` on tfjs-wasm without a copy: the output shares the input's
 * data (its reference count raised), as tfjs's cpu and webgl backends and tfjs-wasm's own Reshape
 * do. tfjs-wasm 4.22 copies the whole tensor instead, and its engine clones (Identity) every
 * tensor an op saves for the backward pass while recording a gradient tape, and the gradient of a
 * multiply casts both operands to float32: a U-Net training step made 734 Identity and 194 Cast
 * copies, ~110 ms CPU of 2.2 s (bench/unet-profile.ts). Sharing is safe because tensors are
 * immutable: every kernel writes only into outputs it made (`makeOutput`); variables' `assign`
 * replaces their data rather than writing into it. Strings and casts to another dtype go to the
 * originals.
 */
interface Sharing {
  incRef(dataId: object): void;
}

function shared(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as Sharing).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function sharingKernel(kernel: 'Identity' | 'Cast', original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const target = kernel === 'Cast' ? (args.attrs as { dtype?: tf.DataType }).dtype : x.dtype;
    if (x.dtype !== 'string' && target === x.dtype) return shared(x, args.backend);
    if (!original) throw new Error(`${kernel} (wasm): no kernel for ${x.dtype} → ${target}`);
    return original(args);
  };
}

/** Replace tfjs-wasm's Identity and Cast by the sharing versions (idempotent). */
export function registerWasmSharing(): void {
  replaceKernel('Identity', 'wasm', (original) => sharingKernel('Identity', original));
  replaceKernel('Cast', 'wasm', (original) => sharingKernel('Cast', original));
}
