"""The exact score of the eight-Gaussians mixture in PyTorch (the formulas of bench/hand/eight-gaussians.ts).

μ_k = 2√2·(cos kπ/4, sin kπ/4), component std σ₀ = 0.5/√2, equal weights. On x_t = a x_0 + s ε,
v = a²σ₀² + s² and ∇log p_t(x) = r (a μ)/v − x/v with r = softmax(x a μᵀ/v) (the |x|² and |μ_k|²
terms are common to every k and drop out of the softmax).
"""
import math

import torch

RADIUS = 2 * math.sqrt(2)
COMPONENT_STD = 0.5 / math.sqrt(2)
CENTRES = torch.tensor([[RADIUS * math.cos(k * math.pi / 4), RADIUS * math.sin(k * math.pi / 4)] for k in range(8)], dtype=torch.float32)
CENTRES_T = CENTRES.t().contiguous()


def score_combination(x, a, s, cx, cs):
    """c_x·x + c_s·∇log p_t(x) = (c_x − c_s/v)·x + r·(c_s a μ/v): the same ops as the tfjs baseline."""
    v = a * a * COMPONENT_STD * COMPONENT_STD + s * s
    r = torch.softmax(x @ (CENTRES_T * (a / v)), dim=1)
    return x * (cx - cs / v) + r @ (CENTRES * (cs * a / v))


def sample_data(n, g):
    """n points of the mixture."""
    k = torch.randint(0, 8, (n,), generator=g)
    return CENTRES[k] + COMPONENT_STD * torch.randn(n, 2, generator=g)


def mode_distance(x):
    """Mean distance to the nearest centre (≈ σ₀·sqrt(π/2) ≈ 0.443 for the data)."""
    return torch.cdist(x, CENTRES).min(dim=1).values.mean().item()
