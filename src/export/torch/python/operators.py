# requires: lab_random, runtime
# Image measurement operators (nodes/lib/operators/): an inpainting mask A = diag(m), and separable maps
# A = L_H ⊗ L_W per channel (Gaussian blur with zero boundary, f×f block averaging), with the lab's mask
# draws and measurement noise y = A x + σ_y n (n the lab's normal numbers of deriveSeed(seed, 1)).
import math

import numpy as np
import torch

from lab_random import derive_seed, normal, uniform_generator  # (inlined in graph.py)
from runtime import NodeError  # (inlined in graph.py)


def _round(v):
    """JavaScript's Math.round (halves up), not Python's round (halves to even)."""
    return math.floor(v + 0.5)


def image_mask(H, W, kind, box=None, fraction=0.5, seed=0):
    """imageMask of mask.ts: a 0/1 mask over H×W pixels (1 = observed), float32 numpy [H·W]."""
    mask = np.ones(H * W, dtype=np.float32)
    grid = mask.reshape(H, W)
    half = H // 2
    if kind == 'lower-half':
        grid[half:, :] = 0
    elif kind == 'upper-half':
        grid[:half, :] = 0
    elif kind == 'box':
        b = box or {'top': 0.25, 'left': 0.25, 'height': 0.5, 'width': 0.5}
        r0, c0 = _round(b['top'] * H), _round(b['left'] * W)
        grid[r0:min(H, r0 + _round(b['height'] * H)), c0:min(W, c0 + _round(b['width'] * W))] = 0
    else:
        # Fisher–Yates with the lab's mulberry32 numbers; the first round(fraction·H·W) entries are hidden.
        order = list(range(H * W))
        rand = uniform_generator(seed)
        for i in range(len(order) - 1, 0, -1):
            j = math.floor(rand() * (i + 1))
            order[i], order[j] = order[j], order[i]
        mask[order[:_round(fraction * H * W)]] = 0
    return mask


class MaskOperator:
    """A = diag(m) on [N, H, W, C] images, the mask shared by channels; Aᵀ = A; rank = observed entries."""

    def __init__(self, mask, in_shape, sigma_y, name, device='cpu'):
        H, W, C = in_shape
        self.in_shape, self.out_shape, self.sigma_y, self.name = list(in_shape), list(in_shape), float(sigma_y), name
        m = torch.as_tensor(np.asarray(mask, dtype=np.float32).reshape(H, W, 1), device=device)
        self.mask = m.expand(H, W, C).contiguous()
        self.rank = int(self.mask.sum().item())

    def apply(self, x):
        return x * self.mask

    def adjoint(self, y):
        return y * self.mask

    def describe(self):
        return self.name


def blur_matrix(n, sigma):
    """The 1-D Gaussian blur on n pixels, zero boundary: B[i, j] = g(i − j)/Σg for |i − j| ≤ r = ⌈3σ⌉ (float64)."""
    r = math.ceil(3 * sigma)
    # math.exp and a running sum, as the lab's Math.exp and reduce: the blur's SVD (Jacobi) must see the same numbers.
    g = [math.exp(-((k - r) ** 2) / (2 * sigma * sigma)) for k in range(2 * r + 1)]
    total = 0.0
    for v in g:
        total += v
    B = np.zeros((n, n))
    for i in range(n):
        for j in range(max(0, i - r), min(n - 1, i + r) + 1):
            B[i, j] = g[j - i + r] / total
    return B


def block_average_matrix(n, f):
    """The 1-D block average: (n/f)×n, row i averages pixels f·i … f·i + f − 1 (float64)."""
    if n % f != 0:
        raise ValueError(f'{n} pixels do not split into blocks of {f}')
    D = np.zeros((n // f, n))
    for i in range(n // f):
        D[i, f * i:f * i + f] = 1 / f
    return D


def _kept_singular(L):
    """Singular values of L as smallSvd keeps them: those below 1e-6 of the largest are 0 (rounding)."""
    s = np.linalg.svd(L, compute_uv=False)
    return np.where(s > 1e-6 * s.max(), s, 0)


class SeparableOperator:
    """(A x)[p, q, c] = Σ L_H[p, h] L_W[q, w] x[h, w, c] on [N, H, W, C]; rank from the 1-D singular values."""

    def __init__(self, lh, lw, channels, sigma_y, name, device='cpu'):
        self.lh_f64, self.lw_f64 = np.asarray(lh, dtype=np.float64), np.asarray(lw, dtype=np.float64)
        self.lh = torch.as_tensor(lh, dtype=torch.float32, device=device)
        self.lw = torch.as_tensor(lw, dtype=torch.float32, device=device)
        self.in_shape = [lh.shape[1], lw.shape[1], channels]
        self.out_shape = [lh.shape[0], lw.shape[0], channels]
        self.sigma_y, self.name = float(sigma_y), name
        self.rank = int(np.count_nonzero(np.outer(_kept_singular(lh), _kept_singular(lw)))) * channels

    def apply(self, x):
        return torch.einsum('ph,qw,nhwc->npqc', self.lh, self.lw, x)

    def adjoint(self, y):
        return torch.einsum('ph,qw,npqc->nhwc', self.lh, self.lw, y)

    def describe(self):
        return self.name


def blur_operator(shape, sigma_b, sigma_y, device='cpu'):
    H, W, C = shape
    return SeparableOperator(blur_matrix(H, sigma_b), blur_matrix(W, sigma_b), C, sigma_y, f'Gaussian blur σ_b = {sigma_b:g}', device)


def downsample_operator(shape, f, sigma_y, device='cpu'):
    H, W, C = shape
    if H % f != 0 or W % f != 0:
        raise ValueError(f'{H}×{W} images do not split into {f}×{f} blocks')
    return SeparableOperator(block_average_matrix(H, f), block_average_matrix(W, f), C, sigma_y, f'{f}× downsampling (block average)', device)


def image_batch(x):
    """(images [N, H, W, C], [H, W, C]) of x: images as they are, rows [N, s²] read as s×s one-channel images."""
    if x.dim() == 2:
        side = round(math.sqrt(x.shape[1]))
        if side > 0 and side * side == x.shape[1]:
            return x.reshape(x.shape[0], side, side, 1), [side, side, 1]
    if x.dim() != 4:
        raise NodeError(f'x: expected images [N, H, W, C], got shape {list(x.shape)}')
    return x, list(x.shape[1:])


def run_measurement(ctx, x, make, project_noise=False):
    """runMeasurement of measure-node.ts: {operator, y = A x + σ_y n} (with project_noise, σ_y A n: a mask)."""
    images, shape = image_batch(x)
    try:
        op = make(shape)
    except ValueError as e:
        raise NodeError(f'x: {e}') from None
    ax = op.apply(images)
    if op.sigma_y == 0:
        return {'operator': op, 'y': ax}
    n = ctx.normal(ax.shape, derive_seed(ctx.seed, 1))
    return {'operator': op, 'y': ax + op.sigma_y * (op.apply(n) if project_noise else n)}


def measured_entries(op):
    """measuredEntries of measure.ts: the rank of A (the non-zero singular values: above 1e-10 of the largest
    for a dense matrix, as matrix-operator.ts)."""
    rank = getattr(op, 'rank', None)
    if rank is not None:
        return rank
    s = op.svd[1]
    return int(np.count_nonzero(s > 1e-10 * max(float(s.max()), 1e-300)))


def operator_shapes(op):
    """(A's input shape, output shape) of one sample: images for these operators, points for MatrixOperator."""
    if hasattr(op, 'in_shape'):
        return list(op.in_shape), list(op.out_shape)
    return [len(op.matrix[0])], [len(op.matrix)]


def measurement_inputs(op, y, x, x_port='xT'):
    """posteriorInputs of posterior-inputs.ts: None without both ports, else (A, y with one row per sample of x)."""
    if op is None and y is None:
        return None
    if op is None:
        raise NodeError("operator: y is connected but the operator that produced it is not; connect the measure node's operator too")
    if y is None:
        raise NodeError("y: the operator is connected but the measurements y are not; connect the measure node's y too")
    n = x.shape[0]
    in_shape, out_shape = operator_shapes(op)
    if list(x.shape[1:]) != in_shape:
        raise NodeError(f'operator: {op.name} acts on samples of shape {in_shape}, but {x_port} holds samples of shape {list(x.shape[1:])}')
    if y.dim() < 1 or list(y.shape[1:]) != out_shape or y.shape[0] not in (1, n):
        raise NodeError(f'y: expected measurements [1 or {n}, {", ".join(map(str, out_shape))}] for {op.name} and {n} samples, got {list(y.shape)}')
    return op, y.expand(n, *out_shape)
