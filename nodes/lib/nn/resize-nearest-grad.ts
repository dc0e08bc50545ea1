import * as tf from '@tensorflow/tfjs';
import { replaceKernel } from '../wasm/backend';

/**
 * The gradient of nearest-neighbour resizing for the cpu backend. tfjs-backend-cpu 4.22's
 * `ResizeNearestNeighborGrad` reads dy at the *image's* batch offset (b · H·W·C instead of
 * b · H'·W'·C), so every example after the first gets wrong gradients (measured: max error 2.6
 * for [2, 2, 2, 1] → [2, 4, 4, 1]; tfjs-wasm's kernel is right). The forward map sends output pixel
 * (r, c) to source (src(r), src(c)); its adjoint adds dy[n, r, c, :] into dx[n, src(r), src(c), :]:
 *   src(r) = min(in − 1, ⌊ratio · r⌋)  (⌊ratio (r + ½)⌋ ≥ 0 with half-pixel centres, round with
 *   aligned corners), ratio = in/out, or (in − 1)/(out − 1) with aligned corners,
 * the same index arithmetic as tfjs's forward kernel, so dx is exactly the adjoint of its y.
 */
const KERNEL = 'ResizeNearestNeighborGrad';

interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters?: boolean;
}

/** The source index of each of `outSize` output positions (tfjs's forward arithmetic). */
export function nearestSources(inSize: number, outSize: number, { alignCorners, halfPixelCenters }: ResizeAttrs): Int32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  return Int32Array.from({ length: outSize }, (_, r) => {
    const frac = halfPixelCenters ? ratio * (r + 0.5) : ratio * r;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}

/** dx [N, H, W, C] from dy [N, H', W', C]: each dy pixel added into its source pixel. */
export function resizeNearestGrad(dy: ArrayLike<number>, xShape: number[], dyShape: number[], attrs: ResizeAttrs): Float32Array {
  const [batch, inH, inW, C] = xShape;
  const [, outH, outW] = dyShape;
  const rows = nearestSources(inH, outH, attrs);
  const cols = nearestSources(inW, outW, attrs);
  const dx = new Float32Array(batch * inH * inW * C);
  let at = 0;
  for (let n = 0; n < batch; n++)
    for (let r = 0; r < outH; r++)
      for (let c = 0; c < outW; c++) {
        const to = ((n * inH + rows[r]) * inW + cols[c]) * C;
        for (let d = 0; d < C; d++) dx[to + d] += dy[at++];
      }
  return dx;
}

interface CpuBackendLike {
  data: { get(id: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

function kernelFunc({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as CpuBackendLike;
  const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
  const dx = resizeNearestGrad(be.data.get(dy.dataId).values, images.shape, dy.shape, attrs as unknown as ResizeAttrs);
  return be.makeTensorInfo(images.shape, 'float32', dx);
}

/** Replace tfjs-cpu's kernel by this one (idempotent). */
export function registerCpuResizeNearestGrad(): void {
  replaceKernel(KERNEL, 'cpu', () => kernelFunc);
}
