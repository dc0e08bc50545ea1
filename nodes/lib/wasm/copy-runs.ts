import { cachedKernel, instantiate, type WasmBackendLike } from './backend';
import { I32, op, V128, v, type Bytes } from './encode';
import { loadLanes, storeLanes } from './lanes';

/**
 * Copies (or sums, dst += src) of `count` runs of `run` floats inside the wasm heap, one every
 * `srcStride` floats read and every `dstStride` written: the inner loop of a concatenation along a
 * trailing axis, of nearest-neighbour upsampling and of im2col/col2im, where tfjs-wasm 4.22 loops in
 * JavaScript over short runs (Concat: a subarray and a set per run, ~3 ms for the U-Net's
 * 64×28×28×96 skip) or per element. A run of
 * up to MAX_UNROLLED floats is a generated SIMD function with the run unrolled (vectors of 4, the
 * tail through exact lane loads and stores, lanes.ts); longer runs, or few of them, are one
 * `copyWithin` each, where the call costs nothing against the copy.
 */
export interface RunCopy {
  run: number;
  srcStride: number;
  dstStride: number;
  /** dst += src instead of dst = src (col2im's scatter of patch rows, conv-input-grad-kernel.ts). */
  add?: boolean;
}

const MAX_UNROLLED = 256;
const [SRC, DST, COUNT, T, U] = [0, 1, 2, 3, 4];

function copyFunction(s: RunCopy) {
  const body: Bytes = [];
  for (let o = 0; o < s.run; o += 4) {
    const w = Math.min(4, s.run - o);
    body.push(...loadLanes(op.get(SRC), 4 * o, w, T), ...(s.add ? [...loadLanes(op.get(DST), 4 * o, w, U), ...v.add] : []), ...op.set(T), ...storeLanes(op.get(DST), 4 * o, w, T));
  }
  const bump = (p: number, floats: number): Bytes => [...op.get(p), ...op.i32(4 * floats), ...op.i32Add, ...op.set(p)];
  return {
    params: [I32, I32, I32],
    locals: [[2, V128]] as [number, number][],
    body: [
      ...op.block, ...op.get(COUNT), ...op.i32Eqz, ...op.brIf(0),
      ...op.loop, ...body, ...bump(SRC, s.srcStride), ...bump(DST, s.dstStride),
      ...op.get(COUNT), ...op.i32(1), ...op.i32Sub, ...op.tee(COUNT), ...op.brIf(0), ...op.end,
      ...op.end,
    ],
    exportName: 'copy',
  };
}

/** Copy (or add) the runs (src, dst: float indices into the heap; source and destination must not overlap). */
export function copyRuns(be: WasmBackendLike, s: RunCopy, src: number, dst: number, count: number): void {
  if (count <= 0 || s.run <= 0) return;
  const simd = s.run <= MAX_UNROLLED && count >= 4 ? cachedKernel(be, `copy-runs:${s.run},${s.srcStride},${s.dstStride},${s.add ? 1 : 0}`, (memory) => instantiate<(a: number, b: number, n: number) => void>(copyFunction(s), memory)) : null;
  if (simd) return simd(4 * src, 4 * dst, count);
  const heap = be.wasm.HEAPF32;
  for (let i = 0; i < count; i++) {
    const [from, to] = [src + i * s.srcStride, dst + i * s.dstStride];
    if (s.add) for (let j = 0; j < s.run; j++) heap[to + j] += heap[from + j];
    else heap.copyWithin(to, from, from + s.run);
  }
}
