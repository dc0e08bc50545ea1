# requires: distributions, lab_random
# data/mnist (nodes/lib/mnist-source.ts, mnist-distribution.ts): the lab's digits file
# (scripts/prepare-mnist.mjs: 'MNST', version 1, count, labels, 28×28 and 14×14 grey levels),
# which the export copies to data/mnist.bin next to graph.py. x = p/127.5 − 1 ∈ [−1, 1], rows of
# size² pixels; a draw of m is successive seeded permutations of the set (without replacement).
import math
import os
import struct

import numpy as np
import torch

from distributions import Distribution  # (inlined in graph.py)
from lab_random import derive_seed, uniform_generator  # (inlined in graph.py)

_MNIST = {}


def read_mnist(path):
    if path not in _MNIST:
        if not os.path.exists(path):
            raise ValueError(f'{path} is missing: copy public/data/mnist.bin of Diffusion Graph Lab there (npm run export does)')
        raw = open(path, 'rb').read()
        magic, version, count = raw[:4], *struct.unpack('<II', raw[4:12])
        if magic != b'MNST' or version != 1 or len(raw) != 12 + count * (1 + 784 + 196):
            raise ValueError(f'{path}: not the lab\'s MNIST file (magic MNST, version 1)')
        u8 = np.frombuffer(raw, dtype=np.uint8)
        _MNIST[path] = (count, u8[12:12 + count], u8[12 + count:12 + count * 785], u8[12 + count * 785:12 + count * 981])
    return _MNIST[path]


def permutation(n, seed):
    """A seeded Fisher–Yates shuffle of 0…n−1 (nodes/lib/nn/batches.ts)."""
    u = uniform_generator(seed)
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(u() * (i + 1))
        p[i], p[j] = p[j], p[i]
    return p


def mnist_distribution(path, digits, n, size, skip=0, device='cpu'):
    count, labels, p28, p14 = read_mnist(path)
    wanted, index, skipped = set(digits), [], 0
    for i in range(count):
        if len(index) >= n:
            break
        if labels[i] not in wanted:
            continue
        if skipped < skip:
            skipped += 1
        else:
            index.append(i)
    if not index:
        raise ValueError(f'no MNIST digits left after skipping {skip} (there are {skipped} of the chosen labels)')
    N, dim = len(index), size * size
    src = (p28 if size == 28 else p14).reshape(count, dim)
    images = torch.from_numpy((src[index].astype(np.float64) / 127.5 - 1).astype(np.float32))
    lab = torch.tensor([int(labels[i]) for i in index], dtype=torch.int64)

    def rows(m, seed):
        out, b = [], 0
        while len(out) < m:
            out += permutation(N, derive_seed(seed, b))[:m - len(out)]
            b += 1
        return out

    name = f"mnist {size}×{size} ({N} digits{f' after the first {skip}' if skip else ''}{' of ' + ', '.join(map(str, sorted(wanted))) if len(wanted) < 10 else ''})"
    dist = Distribution(name, dim, lambda m, seed: images[rows(m, seed)], device)
    dist.image = (size, size)

    def sample_with_labels(m, seed):
        idx = rows(m, seed)
        return images[idx].to(device), lab[idx]
    dist.sample_with_labels = sample_with_labels
    return dist
