/**
 * Winograd minimal filtering F(m×m, 3×3) (Lavin & Gray 2016, "Fast Algorithms for Convolutional
 * Neural Networks"): an m×m block of a 3×3 correlation y[i, j] = Σ_{a,b} d[i + a, j + b] g[a, b]
 * is computed from the α×α input tile d (α = m + 2) as
 *
 *   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
 *
 * α² multiplies instead of 9m²: F(2×2, 3×3) 16 for 36 (2.25×), F(4×4, 3×3) 36 for 144 (4×).
 * Over channels the ⊙ becomes α² matrix products (one per position ξ of the tile):
 * M_ξ [tiles, C_out] = V_ξ [tiles, C_in] · U_ξ [C_in, C_out], with V = Bᵀ d B, U = G g Gᵀ.
 * The matrices below are Lavin & Gray's (interpolation points 0, ±1, ∞ for m = 2; 0, ±1, ±2, ∞
 * for m = 4). The larger tile's constants (4, 5, 8, 1/24) amplify float32 rounding: winograd.test.ts
 * measures both against float64 sums.
 */
export interface WinogradMatrices {
  m: number;
  alpha: number;
  /** Bᵀ [α, α]: the input transform's left factor. */
  BT: number[][];
  /** G [α, 3]: the filter transform's left factor. */
  G: number[][];
  /** Aᵀ [m, α]: the output transform's left factor. */
  AT: number[][];
}

export const F2: WinogradMatrices = {
  m: 2,
  alpha: 4,
  BT: [
    [1, 0, -1, 0],
    [0, 1, 1, 0],
    [0, -1, 1, 0],
    [0, 1, 0, -1],
  ],
  G: [
    [1, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, -0.5, 0.5],
    [0, 0, 1],
  ],
  AT: [
    [1, 1, 1, 0],
    [0, 1, -1, -1],
  ],
};

/**
 * F(3×3, 3×3), points 0, 1, −1, 2, ∞ (Toom–Cook as Lavin & Gray construct it: Aᵀ the Vandermonde
 * rows, G's rows p^k/Π_{l≠j}(p_j − p_l), Bᵀ's rows the coefficients of Π_{l≠j}(x − p_l)): 25
 * multiplies for 81 (3.24×).
 */
export const F3: WinogradMatrices = {
  m: 3,
  alpha: 5,
  BT: [
    [2, -1, -2, 1, 0],
    [0, -2, -1, 1, 0],
    [0, 2, -3, 1, 0],
    [0, -1, 0, 1, 0],
    [0, 2, -1, -2, 1],
  ],
  G: [
    [1 / 2, 0, 0],
    [-1 / 2, -1 / 2, -1 / 2],
    [-1 / 6, 1 / 6, -1 / 6],
    [1 / 6, 1 / 3, 2 / 3],
    [0, 0, 1],
  ],
  AT: [
    [1, 1, 1, 1, 0],
    [0, 1, -1, 2, 0],
    [0, 1, 1, 4, 1],
  ],
};

export const F4: WinogradMatrices = {
  m: 4,
  alpha: 6,
  BT: [
    [4, 0, -5, 0, 1, 0],
    [0, -4, -4, 1, 1, 0],
    [0, 4, -4, -1, 1, 0],
    [0, -2, -1, 2, 1, 0],
    [0, 2, -1, -2, 1, 0],
    [0, 4, 0, -5, 0, 1],
  ],
  G: [
    [1 / 4, 0, 0],
    [-1 / 6, -1 / 6, -1 / 6],
    [-1 / 6, 1 / 6, -1 / 6],
    [1 / 24, 1 / 12, 1 / 6],
    [1 / 24, -1 / 12, 1 / 6],
    [0, 0, 1],
  ],
  AT: [
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 2, -2, 0],
    [0, 1, 1, 4, 4, 0],
    [0, 1, -1, 8, -8, 1],
  ],
};

/** The transpose of a matrix given as rows. */
export const transposed = (L: number[][]): number[][] => L[0].map((_, j) => L.map((row) => row[j]));
