import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from '../wasm/backend';
import { nearestSources } from './resize-nearest-grad';

/**
 * `ResizeNearestNeighborGrad` on the wasm backend's memory: the adjoint of nearest-neighbour
 * resizing (resize-nearest-grad.ts has the index arithmetic), dx[n, src(r), src(c), :] += dy[n, r, c, :],
 * one pass over dy adding contiguous runs of C floats. tfjs-wasm 4.22's C++ kernel is right but
 * slow: 15 ms a call for the U-Net's upsampling gradients (64×28×28×64 → 64×14×14×64) against
 * ~3 ms for this loop (bench/unet-profile.ts).
 */
const KERNEL = 'ResizeNearestNeighborGrad';

interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters?: boolean;
}

/** dx (float index) = 0, then each dy pixel (float index) added into its source pixel. */
export function resizeNearestGradInto(heap: Float32Array, xShape: number[], dyShape: number[], attrs: ResizeAttrs, dy: number, dx: number): void {
  const [batch, inH, inW, C] = xShape;
  const [, outH, outW] = dyShape;
  const rows = nearestSources(inH, outH, attrs);
  const cols = nearestSources(inW, outW, attrs);
  heap.fill(0, dx, dx + batch * inH * inW * C);
  let at = dy;
  for (let n = 0; n < batch; n++)
    for (let r = 0; r < outH; r++) {
      const row = dx + (n * inH + rows[r]) * inW * C;
      for (let c = 0; c < outW; c++, at += C) {
        const to = row + cols[c] * C;
        for (let d = 0; d < C; d++) heap[to + d] += heap[at + d];
      }
    }
}

function kernelFunc(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const be = args.backend as unknown as WasmBackendLike;
    const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
    if (images.shape.length !== 4 || dy.dtype !== 'float32') {
      if (!original) throw new Error(`${KERNEL} (wasm): no kernel for ${dy.dtype} of rank ${images.shape.length}`);
      return original(args);
    }
    const dx = be.makeOutput(images.shape, 'float32');
    resizeNearestGradInto(be.wasm.HEAPF32, images.shape, dy.shape, args.attrs as unknown as ResizeAttrs, addressOf(be, dy) / 4, addressOf(be, dx) / 4);
    return dx;
  };
}

/** Replace tfjs-wasm's kernel by this one (idempotent). */
export function registerWasmResizeNearestGrad(): void {
  replaceKernel(KERNEL, 'wasm', kernelFunc);
}
