/**
 * Where each layer's weights lie in an MLP's flat parameter vector θ (mlp.ts):
 *   θ = [W_1 (row-major [n_0, n_1]), b_1, W_2, b_2, …, W_L, b_L].
 */
export interface LayerSlot {
  nIn: number;
  nOut: number;
  /** Offsets of W_l and b_l in θ (elements). */
  w: number;
  b: number;
}

/** The slots of layers with widths `sizes` = [n_0, n_1, …, n_L]. */
export function layerSlots(sizes: readonly number[]): LayerSlot[] {
  const slots: LayerSlot[] = [];
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    slots.push({ nIn, nOut, w: off, b: off + nIn * nOut });
    off += nIn * nOut + nOut;
  }
  return slots;
}
