# requires: lab_random
# Data distributions (nodes/lib/mixture-distribution.ts, nodes/lib/mixture.ts): an isotropic
# Gaussian mixture p(x) = Σ_k w_k N(x; μ_k, σ_k² I), sampled with the lab's own random numbers,
# and its exact score noised along x_t = a x_0 + s ε:
#   ∇log p_t(x) = Σ_k r_k(x)(a μ_k − x)/v_k,  v_k = a²σ_k² + s²,  r = softmax_k(ℓ_k),
#   ℓ_k = log w_k − (d/2) log(2π v_k) − |x − a μ_k|²/(2 v_k).
import math

import numpy as np
import torch

from lab_random import derive_seed, normal, uniform_generator  # (inlined in graph.py)


class Distribution:
    """name, dim, sample(n, seed) → [n, d] float32 tensor; mixture (weights, means, stds) when exact; image (h, w) for images."""

    mixture = None
    image = None

    def __init__(self, name, dim, sample, device='cpu'):
        self.name, self.dim, self._sample, self.device = name, dim, sample, device

    def sample(self, n, seed):
        return self._sample(int(n), int(seed)).to(self.device)

    def describe(self):
        return f'{self.name}, d = {self.dim}'


def validate_mixture(weights, means, stds):
    K = len(means)
    if K == 0 or len(weights) != K or len(stds) != K:
        raise ValueError(f'a mixture needs as many weights ({len(weights)}) and stds ({len(stds)}) as means ({K}), at least one')
    if any(len(m) != len(means[0]) for m in means):
        raise ValueError('every mean needs the same number of coordinates')
    total = sum(weights)
    if not total > 0 or any(w < 0 for w in weights) or any(not s > 0 for s in stds):
        raise ValueError('weights must be ≥ 0 with a positive sum, stds > 0')
    return [w / total for w in weights], [list(map(float, m)) for m in means], [float(s) for s in stds]


def draw_components(weights, n, seed):
    """One seeded uniform per point against the weights' cumulative sums (drawComponents)."""
    cdf, acc = [], 0.0
    for w in weights:
        acc += w
        cdf.append(acc)
    u = uniform_generator(seed)
    return np.searchsorted(np.asarray(cdf), np.asarray([u() * acc for _ in range(n)]), side='right').clip(max=len(cdf) - 1)


def mixture_distribution(name, weights, means, stds, device='cpu'):
    """x = μ_k + σ_k z, k drawn from the weights (uniforms of `seed`), z ~ N(0, I) of deriveSeed(seed, 1)."""
    weights, means, stds = validate_mixture(weights, means, stds)
    d = len(means[0])
    mu = torch.tensor(means, dtype=torch.float32)
    sd = torch.tensor(stds, dtype=torch.float32).reshape(-1, 1)

    def sample(n, seed):
        k = torch.from_numpy(draw_components(weights, n, seed).astype(np.int64))
        return mu[k] + sd[k] * torch.from_numpy(normal((n, d), derive_seed(seed, 1)))
    dist = Distribution(name, d, sample, device)
    dist.mixture = (weights, means, stds)
    return dist


def mixture_score(x, mixture, a, s):
    """∇log p_t(x) [n, d] of the mixture at the path point (a, s), in float64 then float32 (the lab: float32)."""
    weights, means, stds = mixture
    if x.dim() != 2 or x.shape[1] != len(means[0]):
        raise ValueError(f'predictor: the exact score takes points [n, {len(means[0])}], got x of shape {list(x.shape)}')
    xd = x.double()
    mu = torch.tensor(means, dtype=torch.float64, device=x.device)
    v = torch.tensor([a * a * sd * sd + s * s for sd in stds], dtype=torch.float64, device=x.device)
    logw = torch.tensor([math.log(w) if w > 0 else -math.inf for w in weights], dtype=torch.float64, device=x.device)
    d = mu.shape[1]
    dist2 = ((xd[:, None, :] - a * mu[None, :, :]) ** 2).sum(-1)
    logits = logw - 0.5 * d * torch.log(2 * math.pi * v) - dist2 / (2 * v)
    r = torch.softmax(logits, dim=1)
    return ((r / v) @ (a * mu) - xd * (r / v).sum(1, keepdim=True)).to(x.dtype)
