# requires: distributions, lab_random
# The 2-D toy data sets (nodes/lib/toy2d.ts), at FFJORD toy_data.py's scales: the same seeded
# uniforms (mulberry32) and normals as the lab, so a draw is the lab's draw.
import math

import numpy as np
import torch

from distributions import Distribution, mixture_distribution  # (inlined in graph.py)
from lab_random import derive_seed, normal, uniform_generator  # (inlined in graph.py)


def eight_gaussians():
    """Centres at radius 2√2 in the 8 directions kπ/4, std 0.5/√2."""
    r, c = 2 * math.sqrt(2), math.sqrt(0.5)
    dirs = [[1, 0], [-1, 0], [0, 1], [0, -1], [c, c], [c, -c], [-c, c], [-c, -c]]
    return [1 / 8] * 8, [[r * u, r * v] for u, v in dirs], [0.5 / math.sqrt(2)] * 8


def _point_set(name, std, base, device):
    """base(u, n) → n points from seeded uniforms; plus std·z with z from deriveSeed(seed, 1)."""
    def sample(n, seed):
        pts = np.asarray(base(uniform_generator(seed), n), dtype=np.float32).reshape(n, 2)
        x = torch.from_numpy(pts)
        return x if std == 0 else x + torch.from_numpy(normal((n, 2), derive_seed(seed, 1))) * std
    return Distribution(name, 2, sample, device)


def _swissroll(u, n):
    out = []
    for _ in range(n):
        t = 1.5 * math.pi * (1 + 2 * u())
        out += [t * math.cos(t) / 5, t * math.sin(t) / 5]
    return out


def _moons(u, n):
    out = []
    for _ in range(n):
        inner = u() < 0.5
        th = math.pi * u()
        out += [2 * ((1 - math.cos(th)) if inner else math.cos(th)) - 1, 2 * ((0.5 - math.sin(th)) if inner else math.sin(th)) - 0.2]
    return out


def _circles(u, n):
    out = []
    for _ in range(n):
        r = 1.5 if u() < 0.5 else 3
        th = 2 * math.pi * u()
        out += [r * math.cos(th), r * math.sin(th)]
    return out


def _checkerboard(u, n):
    out = []
    for _ in range(n):
        x1 = 4 * u() - 2
        x2 = u() - (2 if u() < 0.5 else 0) + (math.floor(x1) % 2)
        out += [2 * x1, 2 * x2]
    return out


def toy2d(name, device='cpu'):
    if name == '8gaussians':
        return mixture_distribution(name, *eight_gaussians(), device=device)
    if name == 'ncsn-gmm':
        return mixture_distribution(name, [0.2, 0.8], [[-5, -5], [5, 5]], [1, 1], device=device)
    std, base = {'swissroll': (0.2, _swissroll), 'moons': (0.2, _moons), 'circles': (0.24, _circles), 'checkerboard': (0, _checkerboard)}[name]
    return _point_set(name, std, base, device)
