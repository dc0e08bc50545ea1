import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from '../wasm/backend';
import { copyRuns } from '../wasm/copy-runs';
import { nearestSources } from './resize-nearest-grad';

/**
 * `ResizeNearestNeighbor` (NHWC float32) on the wasm backend's memory: y[n, r, c, :] = x[n, src(r),
 * src(c), :] with tfjs's index arithmetic (resize-nearest-grad.ts), as copies of C-float pixels.
 * An output row whose source row is the previous output row's is one copy of that row; otherwise,
 * when the columns upsample by a whole factor k (src(c) = ⌊c/k⌋: the U-Net's 2×), the row is k
 * strided copies of the source row's pixels (copy-runs.ts), else one copy per pixel. tfjs-wasm 4.22's
 * C++ kernel takes ~2.5 ms for the U-Net's 64×14×14×64 → 28×28 (bench/unet-profile.ts).
 */
interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters?: boolean;
  size: [number, number];
}

/** y (float index) from x (float index), x [N, H, W, C] → y [N, H', W', C]. */
export function resizeNearestInto(be: WasmBackendLike, xShape: number[], [outH, outW]: [number, number], attrs: ResizeAttrs, x: number, y: number): void {
  const [batch, inH, inW, C] = xShape;
  const rows = nearestSources(inH, outH, attrs);
  const cols = nearestSources(inW, outW, attrs);
  const k = outW / inW;
  const whole = Number.isInteger(k) && cols.every((s, c) => s === Math.floor(c / k));
  const [rowIn, rowOut] = [inW * C, outW * C];
  for (let n = 0; n < batch; n++)
    for (let r = 0; r < outH; r++) {
      const to = y + (n * outH + r) * rowOut;
      if (r > 0 && rows[r] === rows[r - 1]) {
        be.wasm.HEAPF32.copyWithin(to, to - rowOut, to);
        continue;
      }
      const from = x + (n * inH + rows[r]) * rowIn;
      if (whole) for (let j = 0; j < k; j++) copyRuns(be, { run: C, srcStride: C, dstStride: k * C }, from, to + j * C, inW);
      else for (let c = 0; c < outW; c++) be.wasm.HEAPF32.copyWithin(to + c * C, from + cols[c] * C, from + (cols[c] + 1) * C);
    }
}

function kernelFunc(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const be = args.backend as unknown as WasmBackendLike;
    const { images } = args.inputs as { images: tf.TensorInfo };
    const attrs = args.attrs as unknown as ResizeAttrs;
    if (images.shape.length !== 4 || images.dtype !== 'float32') {
      if (!original) throw new Error(`ResizeNearestNeighbor (wasm): no kernel for ${images.dtype} of rank ${images.shape.length}`);
      return original(args);
    }
    const [n, , , c] = images.shape;
    const out = be.makeOutput([n, attrs.size[0], attrs.size[1], c], 'float32');
    resizeNearestInto(be, images.shape, attrs.size, attrs, addressOf(be, images) / 4, addressOf(be, out) / 4);
    return out;
  };
}

/** Replace tfjs-wasm's kernel by this one (idempotent). */
export function registerWasmResizeNearest(): void {
  replaceKernel('ResizeNearestNeighbor', 'wasm', kernelFunc);
}
