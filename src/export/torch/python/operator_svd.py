# requires: operators
# The SVDs A = U S Vᵀ of the measurement operators as the lab builds them (DDRM and ΠGDM draw their
# noise in A's spectral coordinates, so U and V must be the lab's, signs and order included):
# the cyclic Jacobi eigen-decomposition of nodes/lib/linalg/symmetric-eigen.ts, smallSvd and
# separableSvd of nodes/lib/operators/separable.ts, matrixSvd of nodes/lib/posterior/matrix-operator.ts,
# and a mask's permutation. Float64 in the same order of operations as the lab, so ties break alike.
import math

import numpy as np
import torch

from operators import MaskOperator, SeparableOperator  # (inlined in graph.py)
from runtime import NodeError  # (inlined in graph.py)


def symmetric_eigen(a, d):
    """(values, vectors as columns) of a symmetric d×d float64 matrix: the lab's cyclic Jacobi, rotation for rotation."""
    A = np.array(a, dtype=np.float64).reshape(d, d)
    V = np.eye(d)
    total = 0.0
    for v in A.reshape(-1):
        total += v * v
    tolerance = 1e-30 * max(total, 5e-324)
    for _ in range(60):
        off = 0.0
        for p in range(d):
            for q in range(p + 1, d):
                off += 2 * A[p, q] * A[p, q]
        if off <= tolerance:
            return A.diagonal().copy(), V
        for p in range(d - 1):
            for q in range(p + 1, d):
                apq = A[p, q]
                if apq == 0:
                    continue
                theta = (A[q, q] - A[p, p]) / (2 * apq)
                t = (1 if theta >= 0 else -1) / (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                ap, aq = A[:, p].copy(), A[:, q].copy()
                A[:, p], A[:, q] = c * ap - s * aq, s * ap + c * aq
                ap, aq = A[p, :].copy(), A[q, :].copy()
                A[p, :], A[q, :] = c * ap - s * aq, s * ap + c * aq
                A[p, q] = A[q, p] = 0
                vp, vq = V[:, p].copy(), V[:, q].copy()
                V[:, p], V[:, q] = c * vp - s * vq, s * vp + c * vq
    raise ValueError('symmetric_eigen: no convergence after 60 sweeps')


def _gram(L):
    """LᵀL summed over rows in order (as the lab), float64."""
    p, n = L.shape
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            acc = 0.0
            for r in range(p):
                acc += L[r, i] * L[r, j]
            out[i, j] = acc
    return out


def small_svd(L):
    """smallSvd: (s [min(p, n)], U [p, p], V [n, n]); s below 1e-6·s_max set to 0, U completed by Gram–Schmidt."""
    L = np.asarray(L, dtype=np.float64)
    p, n = L.shape
    values, vectors = symmetric_eigen(_gram(L), n)
    order = sorted(range(n), key=lambda k: -values[k])
    V = vectors[:, order]
    s_max = math.sqrt(max(values[order[0]], 0))
    s = np.array([sj if sj > 1e-6 * s_max else 0.0 for sj in (math.sqrt(max(values[k], 0)) for k in order[:min(p, n)])])
    columns = []
    for j in range(min(p, n)):
        if not s[j] > 0:
            break
        u = np.zeros(p)
        for a in range(p):
            acc = 0.0
            for i in range(n):
                acc += (L[a, i] * V[i, j]) / s[j]
            u[a] = acc
        columns.append(u)
    for e in range(p):
        if len(columns) >= p:
            break
        u = np.zeros(p)
        u[e] = 1
        for _ in range(2):
            for col in columns:
                u = u - float(np.dot(col, u)) * col
        norm = math.sqrt(float(np.dot(u, u)))
        if norm > 1e-6:
            columns.append(u / norm)
    return s, np.stack(columns, 1), V


class Spectral:
    """An OperatorSvd: singular [d] (float32 numbers), vt(x) → [N, d], v(c) → x's shape, ut(y) → [N, m], u(c)."""

    def __init__(self, singular, vt, v, ut, u):
        self.singular, self.vt, self.v, self.ut, self.u = np.asarray(singular, dtype=np.float32), vt, v, ut, u


def _permuted(perm, shape):
    perm_t = torch.as_tensor(np.asarray(perm, dtype=np.int64))
    inv = torch.empty_like(perm_t)
    inv[perm_t] = torch.arange(len(perm))
    forward = lambda x: x.reshape(x.shape[0], -1)[:, perm_t.to(x.device)]
    back = lambda c: c[:, inv.to(c.device)].reshape(c.shape[0], *shape)
    return forward, back


def mask_svd(op):
    """A mask's SVD: the permutation putting observed entries first (singular 1), hidden after (0)."""
    m = op.mask.reshape(-1).cpu().numpy()
    observed = [i for i, v in enumerate(m) if v]
    perm = observed + [i for i, v in enumerate(m) if not v]
    fwd, back = _permuted(perm, op.in_shape)
    return Spectral([1.0] * len(observed) + [0.0] * (len(m) - len(observed)), fwd, back, fwd, back)


def separable_svd(op):
    """separableSvd: A = (U_H ⊗ U_W)(S_H ⊗ S_W)(V_H ⊗ V_W)ᵀ, coordinates with a partner in y first, by decreasing σ."""
    (sh, uh, vh), (sw, uw, vw) = small_svd(op.lh_f64), small_svd(op.lw_f64)
    H, W, C = op.in_shape
    p, q = uh.shape[0], uw.shape[0]
    coords = []
    for i in range(H):
        for j in range(W):
            for c in range(C):
                seen = i < p and j < q
                coords.append(((i * W + j) * C + c, (i * q + j) * C + c if seen else -1, sh[i] * sw[j] if seen else 0.0, seen))
    coords.sort(key=lambda t: (not t[3], -t[2]))
    m = p * q * C
    fwd_x, back_x = _permuted([t[0] for t in coords], [H, W, C])
    fwd_y, back_y = _permuted([t[1] for t in coords[:m]], [p, q, C])
    dev = op.lh.device
    VH, VW, UH, UW = (torch.as_tensor(M, dtype=torch.float32, device=dev) for M in (vh, vw, uh, uw))
    sep = lambda x, a, b: torch.einsum('ph,qw,nhwc->npqc', a, b, x)
    return Spectral(
        [t[2] for t in coords],
        lambda x: fwd_x(sep(x, VH.T, VW.T)),
        lambda c: sep(back_x(c), VH, VW),
        lambda y: fwd_y(sep(y, UH.T, UW.T)),
        lambda c: sep(back_y(c), UH, UW),
    )


def matrix_svd(op):
    """matrixSvd of a dense m×d operator on points: V from Jacobi of AᵀA, σ ≤ 1e-10 σ_max → 0, U completed."""
    rows = np.asarray(op.matrix, dtype=np.float64)
    m, d = rows.shape
    values, vectors = symmetric_eigen(_gram(rows), d)
    order = sorted(range(d), key=lambda k: -values[k])
    V = [vectors[:, k] for k in order]
    sigma = [math.sqrt(max(values[k], 0)) for k in order]
    tol = 1e-10 * max(sigma[0], 1e-300)
    U = []
    for j in range(min(m, d)):
        if sigma[j] <= tol:
            break
        col = []
        for r in rows:
            acc = 0.0
            for i in range(d):
                acc += r[i] * V[j][i]
            col.append(acc / sigma[j])
        U.append(np.array(col))
    for e in range(m):
        if len(U) >= m:
            break
        v = np.zeros(m)
        v[e] = 1
        for u in U:
            v = v - float(np.dot(u, v)) * u
        norm = math.hypot(*v)
        if norm > 1e-8:
            U.append(v / norm)
    singular = [sigma[j] if j < min(m, d) and sigma[j] > tol else 0.0 for j in range(d)]
    dev = op.A.device
    Vt = torch.as_tensor(np.stack(V), dtype=torch.float32, device=dev)
    Ut = torch.as_tensor(np.stack(U), dtype=torch.float32, device=dev)
    return Spectral(singular, lambda x: x @ Vt.T, lambda c: c @ Vt, lambda y: y @ Ut.T, lambda c: c @ Ut)


def no_svd(shape):
    """No measurement: V = I (flattening), every singular value 0."""
    d = int(np.prod(shape))
    flat = lambda x: x.reshape(x.shape[0], d)
    back = lambda c: c.reshape(c.shape[0], *shape)
    return Spectral([0.0] * d, flat, back, flat, back)


def operator_svd(op, sampler):
    """The SVD of a measurement operator, or a NodeError saying the sampler needs one."""
    if isinstance(op, MaskOperator):
        return mask_svd(op)
    if isinstance(op, SeparableOperator):
        return separable_svd(op)
    if getattr(op, 'matrix', None) is not None:
        return matrix_svd(op)
    raise NodeError(f"operator: {sampler} works in the operator's spectral space and needs its SVD; {op.name} has none")
