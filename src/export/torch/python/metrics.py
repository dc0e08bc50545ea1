# requires: lab_random
# Two-sample metrics (nodes/metric/, nodes/lib/sorted-projections.ts, nodes/lib/metric-floor.ts), with
# the lab's seeded directions, subsets and splits, so the numbers are the lab's up to float32 rounding.
import math

import numpy as np
import torch

from lab_random import derive_seed, normal, uniform_generator  # (inlined in graph.py)

FLOOR_SPLITS = 4


def points(x, port, min_rows=1):
    if x.dim() != 2 or x.shape[0] < min_rows:
        raise ValueError(f'{port}: expected points [n, d] with n ≥ {min_rows}, got shape {list(x.shape)}')
    return x


def point_pair(a, b, min_rows=1):
    a, b = points(a, 'a', min_rows), points(b, 'b', min_rows)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"b: dimension {b.shape[1]} does not match a's dimension {a.shape[1]}")
    return a, b


def random_directions(count, dim, seed):
    """θ = z/|z|, z the lab's normal([K, d], seed): uniform on the sphere."""
    z = torch.from_numpy(normal((count, dim), seed))
    return z / z.norm(dim=1, keepdim=True)


def w2_squared_sorted(u, v):
    """W_2² of two sorted 1-D samples: the smaller's order statistics at levels (i + ½)/m against the larger's interpolated quantiles."""
    small, large = (u, v) if len(u) <= len(v) else (v, u)
    m, big = len(small), len(large)
    p = (np.arange(m, dtype=np.float64) + 0.5) * big / m - 0.5
    j = np.clip(np.floor(p), 0, big - 1).astype(np.int64)
    frac = p - j
    nxt = np.minimum(j + 1, big - 1)
    q = np.where(j < big - 1, large[j] + frac * (large[nxt] - large[j]), large[big - 1])
    return float(np.mean((small - q) ** 2))


def sliced_w2_squared(a, b, directions):
    """SW₂² = the mean over directions of W₂² between the sorted projections."""
    pa = np.sort((directions @ a.cpu().T).numpy(), axis=1).astype(np.float64)
    pb = np.sort((directions @ b.cpu().T).numpy(), axis=1).astype(np.float64)
    return sum(w2_squared_sorted(pa[k], pb[k]) for k in range(directions.shape[0])) / directions.shape[0]


def halves(m, seed, k=None):
    """A seeded Fisher–Yates shuffle of 0…m−1 cut into two disjoint parts of k = ⌊m/2⌋ (or the k given) indices."""
    perm = list(range(m))
    u = uniform_generator(seed)
    for i in range(m - 1, 0, -1):
        j = math.floor(u() * (i + 1))
        perm[i], perm[j] = perm[j], perm[i]
    k = m >> 1 if k is None else k
    return perm[:k], perm[k:2 * k]


def half_size(m, cap=math.inf):
    return int(min(m >> 1, cap))


def floor_scale(k, n, m):
    """From a (k, k) comparison to an (n, m) one, in squared units: (1/n + 1/m)·k/2."""
    return (1 / n + 1 / m) * k / 2


def over_halves(b, seed, k, compare):
    """compare(h1, h2) on 4 seeded splits of b's rows into two parts of k rows (nodes/lib/metric-floor.ts)."""
    out = []
    for s in range(FLOOR_SPLITS):
        i1, i2 = halves(b.shape[0], derive_seed(seed, 7, s), k)
        out.append(compare(b[i1], b[i2]))
    return out


def sliced_wasserstein(a, b, projections, seed):
    """(SW_2(a, b), the data-to-data floor: SW between halves of b over the first 64 directions, rescaled to
    the sizes compared; 0 for fewer than 4 points of b)."""
    a, b = point_pair(a, b)
    a, b = a.float().cpu(), b.float().cpu()
    directions = random_directions(projections, a.shape[1], seed)
    value = math.sqrt(sliced_w2_squared(a, b, directions))
    if b.shape[0] < 4:
        return value, 0.0
    few, k = directions[:min(64, projections)], half_size(b.shape[0], 4096)  # the lab's FLOOR_HALF
    squares = over_halves(b, seed, k, lambda h1, h2: sliced_w2_squared(h1, h2, few))
    return value, math.sqrt(sum(squares) / len(squares) * floor_scale(k, a.shape[0], b.shape[0]))


def random_subset(n, m, seed):
    """m distinct indices of 0…n−1 from a partial Fisher–Yates shuffle (seeded), increasing."""
    count = max(0, min(n, m))
    perm = list(range(n))
    u = uniform_generator(seed)
    for k in range(count):
        j = k + math.floor(u() * (n - k))
        perm[k], perm[j] = perm[j], perm[k]
    return sorted(perm[:count])


def subsample_rows(x, m, seed):
    return x.clone() if x.shape[0] <= m else x[random_subset(x.shape[0], m, seed)]


def squared_distances(x, y):
    """|x_i − y_j|² = |x|² + |y|² − 2 x·y, clipped at 0."""
    return torch.relu((x * x).sum(1, keepdim=True) + (y * y).sum(1).reshape(1, -1) - 2 * (x @ y.T))


def median_bandwidth(pooled, seed):
    """h = the median of |z_i − z_j| over pairs i < j of at most 1024 pooled points."""
    z = subsample_rows(pooled, 1024, seed)
    d2 = squared_distances(z, z).numpy()
    n = d2.shape[0]
    pairs = np.sort(d2[np.triu_indices(n, 1)].astype(np.float32))
    mid = len(pairs) >> 1
    return float(np.sqrt(pairs[mid])) if len(pairs) % 2 else (float(np.sqrt(pairs[mid - 1])) + float(np.sqrt(pairs[mid]))) / 2


def mmd_squared(x, y, h, unbiased):
    rows = lambda p, q: torch.exp(squared_distances(p, q) * (-1 / (2 * h * h))).sum(1).double()  # noqa: E731
    sxx, syy, sxy = float(rows(x, x).sum()), float(rows(y, y).sum()), float(rows(x, y).sum())
    n, m = x.shape[0], y.shape[0]
    if unbiased:
        return (sxx - n) / (n * (n - 1)) + (syy - m) / (m * (m - 1)) - 2 * sxy / (n * m)
    return sxx / (n * n) + syy / (m * m) - 2 * sxy / (n * m)


def mmd(a, b, bandwidth, unbiased, max_points, seed):
    """(MMD², h, floor) with k = exp(−|x − y|²/(2h²)): the U-statistic (diagonals excluded) or the V-statistic;
    h by the median heuristic; the floor from 4 splits of b into parts of min(⌊m/2⌋, 512) (RMS when unbiased)."""
    a, b = point_pair(a, b, 2 if unbiased else 1)
    xs = subsample_rows(a.float().cpu(), max_points, derive_seed(seed, 1))
    ys = subsample_rows(b.float().cpu(), max_points, derive_seed(seed, 2))
    both = torch.cat([xs, ys])
    centre = both.mean(0, keepdim=True)
    x, y, pooled = xs - centre, ys - centre, both - centre
    h = bandwidth if bandwidth is not None else median_bandwidth(pooled, derive_seed(seed, 3))
    if not h > 0:
        raise ValueError('the median heuristic found all sampled points identical (distance 0): set a bandwidth')
    value = mmd_squared(x, y, h, unbiased)
    n, m = x.shape[0], y.shape[0]
    if m < 4:
        return value, h, 0.0
    k = half_size(m, 512)
    splits = over_halves(y, seed, k, lambda h1, h2: mmd_squared(h1, h2, h, unbiased) ** (2 if unbiased else 1))
    scale = floor_scale(k, n, m)
    return value, h, (math.sqrt(sum(splits) / len(splits)) if unbiased else sum(splits) / len(splits)) * scale
