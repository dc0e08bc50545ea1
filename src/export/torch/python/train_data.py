# requires: lab_random
# Training batches and noise levels as the lab draws them (nodes/lib/nn/batches.ts, noise-levels.ts):
#   a tensor [N, d] (images [N, H, W, C] as NHWC rows): step k gathers B rows at ⌊u·N⌋ with u from
#     mulberry32(derive_seed(seed, k, 1)), with replacement;
#   a distribution: a pool of R·B fresh samples, R = max(1, min(64, ⌊2²²/(B·d)⌋)), drawn every R steps
#     (round r = ⌊k/R⌋ from derive_seed(seed, r, 2)) and sliced into R batches;
#   noise levels: a discrete VP chain picks i ~ U{1…N} (⌊u·N⌋ + 1), σ_i = √((1 − ᾱ_i)/ᾱ_i); a continuous
#     path picks t = 10⁻³ + (1 − 10⁻³)·u and σ = s(t)/a(t); float64, then float32 as the lab's Float32Array.
import math

import numpy as np
import torch

from lab_random import derive_seed, uniform_generator  # (inlined in graph.py)

POOL_NUMBERS = 2 ** 22
T_MIN = 1e-3


def as_rows(data):
    """Images [N, H, W, C] as rows [N, H·W·C] (NHWC order, as the U-Net reads rows); anything else as it is."""
    return data.reshape(data.shape[0], -1) if isinstance(data, torch.Tensor) and data.dim() == 4 else data


def training_data(data, dim, what):
    """A distribution or rows [N, dim]; an error naming the port `data` otherwise."""
    data = as_rows(data)
    if isinstance(data, torch.Tensor):
        if data.dim() != 2 or data.shape[0] < 1:
            raise ValueError(f'data: expected a distribution or {what} as rows [N, {dim}]')
        d = data.shape[1]
    elif callable(getattr(data, 'sample', None)):
        d = data.dim
    else:
        raise ValueError(f'data: expected a distribution or {what} as rows [N, {dim}]')
    if d != dim:
        raise ValueError(f'data: {what} have dimension {d}, the model was made for {dim}')
    return data


class BatchSource:
    """With `labelled` (a class-conditional U-Net), the pools are drawn with their labels
    (data.sample_with_labels: the same rows as sample) and labels(step) gives the batch's."""

    def __init__(self, data, batch, seed, device, labelled=False):
        self.data, self.batch, self.seed, self.device, self.labelled = data, batch, seed, device, labelled
        self.pool_labels = None
        if isinstance(data, torch.Tensor):
            if labelled:
                raise ValueError('data: labels are needed (a class-conditional network trains on a labelled distribution such as data/mnist), got a plain tensor')
            self.dim = data.shape[1]
        else:
            if labelled and not callable(getattr(data, 'sample_with_labels', None)):
                raise ValueError(f'data: labels are needed (a class-conditional network trains on a labelled distribution such as data/mnist); {data.name} has none')
            self.dim = data.dim
            self.rounds = max(1, min(64, POOL_NUMBERS // (batch * self.dim)))
            self.pool, self.pool_round = None, -1

    def next(self, step):
        B = self.batch
        if isinstance(self.data, torch.Tensor):
            N = self.data.shape[0]
            u = uniform_generator(derive_seed(self.seed, step, 1))
            idx = torch.tensor([math.floor(u() * N) for _ in range(B)], dtype=torch.long)
            return self.data[idx.to(self.data.device)].to(self.device)
        r = step // self.rounds
        if r != self.pool_round:
            if self.labelled:
                pool, labels = self.data.sample_with_labels(self.rounds * B, derive_seed(self.seed, r, 2))
                self.pool_labels = torch.as_tensor(labels).long()
            else:
                pool = self.data.sample(self.rounds * B, derive_seed(self.seed, r, 2))
            self.pool = pool.to(self.device)
            self.pool_round = r
        j = step % self.rounds
        return self.pool[j * B:(j + 1) * B]


    def labels(self, step):
        """The labels of step's batch (after next(step))."""
        j = step % self.rounds
        return self.pool_labels[j * self.batch:(j + 1) * self.batch]


def sigma_sampler(schedule):
    """(n, seed) → float32 numpy array of per-example noise levels (sigmaSampler)."""
    if schedule.discrete and schedule.alpha_bars is not None:
        ab = schedule.alpha_bars
        N = schedule.N
        table = [math.sqrt((1 - ab[j + 1]) / ab[j + 1]) for j in range(N)]

        def draw(n, seed):
            u = uniform_generator(seed)
            return np.array([table[min(N - 1, math.floor(u() * N))] for _ in range(n)], dtype=np.float32)
        return draw

    def draw_continuous(n, seed):
        u = uniform_generator(seed)
        out = []
        for _ in range(n):
            t = T_MIN + (1 - T_MIN) * u()
            out.append(schedule.s(t) / schedule.a(t))
        return np.array(out, dtype=np.float32)
    return draw_continuous


def dropped_labels(labels, p, seed):
    """Label dropout (droppedLabels): each label replaced by the null class 10 with probability p, uniforms of `seed`."""
    u = uniform_generator(seed)
    return torch.tensor([10 if u() < p else int(l) for l in labels], dtype=torch.long)
