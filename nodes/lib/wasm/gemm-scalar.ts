import type { GemmShape } from './gemm';

/**
 * The 'store' GEMM of gemm.ts in plain JavaScript on the backend's heap, for a wasm backend without
 * WASM SIMD: C (+)= A·B with A(i, k) = a[i·aRow + k·aCol], B and C row-major (strides ldb, ldc);
 * addresses in bytes, as the SIMD kernels take them. Same float32 products, summed in a float64
 * register (rounded once on store), so it is at least as accurate as the SIMD path.
 */
export function scalarGemm(heap: Float32Array, s: GemmShape, a: number, b: number, c: number): void {
  if (s.epilogue !== 'store') throw new Error(`scalarGemm: only the 'store' epilogue is implemented, got '${s.epilogue}'`);
  const [A, B, C] = [a / 4, b / 4, c / 4];
  const row = new Float64Array(s.N);
  for (let i = 0; i < s.M; i++) {
    const at = C + i * s.ldc;
    for (let j = 0; j < s.N; j++) row[j] = s.accumulate ? heap[at + j] : 0;
    for (let k = 0; k < s.K; k++) {
      const aik = heap[A + i * s.aRow + k * s.aCol];
      const bk = B + k * s.ldb;
      for (let j = 0; j < s.N; j++) row[j] += aik * heap[bk + j];
    }
    for (let j = 0; j < s.N; j++) heap[at + j] = row[j];
  }
}
