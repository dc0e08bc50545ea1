# requires: lab_random
"""The noise conditioning shared by the lab's score networks (nodes/lib/nn/score-net.ts, embedding.ts).

A network sees the scaled point x~ = x/a at noise level sigma = s/a, scaled by
c_in = 1/sqrt(1 + sigma^2), and features of u = ln(sigma)/4: [sin(w_k u), cos(w_k u)] (EDM's
c_noise, Karras et al. 2022). Its raw output F is read as eps = F, score = F/sigma,
x0 = c_skip x~ + c_out F (c_skip = 1/(1+sigma^2), c_out = sigma/sqrt(1+sigma^2)), v = F, flow = F.
"""
import math

import numpy as np
import torch

from lab_random import uniform_generator  # (inlined in graph.py)


def c_in(sigma):
    return 1.0 / np.sqrt(1.0 + np.asarray(sigma, dtype=np.float64) ** 2)


def c_skip(sigma):
    return 1.0 / (1.0 + np.asarray(sigma, dtype=np.float64) ** 2)


def c_out(sigma):
    s = np.asarray(sigma, dtype=np.float64)
    return s / np.sqrt(1.0 + s * s)


def embed_sigmas(sigmas, frequencies):
    """[n, 2K] float32 features of each sigma (computed in float64 as the lab does, then rounded)."""
    u = 0.25 * np.log(np.asarray(sigmas, dtype=np.float64).reshape(-1, 1))
    w = np.asarray(frequencies, dtype=np.float64).reshape(1, -1)
    return torch.from_numpy(np.concatenate([np.sin(w * u), np.cos(w * u)], axis=1).astype(np.float32))


def sigma_column(sigma, n, like):
    """sigma (one number or one per example) as a float64 numpy array of n entries."""
    s = np.asarray(sigma, dtype=np.float64).reshape(-1)
    return np.broadcast_to(s, (n,)) if s.size == 1 else s


def per_example(values, like):
    """A float32 tensor of per-example factors shaped to broadcast over `like` ([n, ...])."""
    t = torch.as_tensor(np.asarray(values, dtype=np.float32), device=like.device)
    return t.reshape([-1] + [1] * (like.dim() - 1))


def output_of(output, F, x_tilde, sigma):
    """The native reading of the raw output F at x~ and sigma (one number or one per example)."""
    if output in ("eps", "v", "flow"):
        return F
    s = sigma_column(sigma, F.shape[0], F)
    if output == "score":
        return F * per_example(1.0 / s, F)
    return x_tilde * per_example(c_skip(s), F) + F * per_example(c_out(s), F)


EMBEDDING_FREQUENCIES = 8


def embedding_frequencies(kind, seed, K=EMBEDDING_FREQUENCIES):
    """embeddingFrequencies (embedding.ts): sinusoidal w_k = pi 2^(6k/(K-1) - 2); fourier w_k = 2 pi W_k,
    W_k ~ N(0, 1) by Box-Muller (float64) on the lab's mulberry32 stream of `seed`."""
    if kind == "sinusoidal":
        return [math.pi * 2 ** ((6 * k) / max(K - 1, 1) - 2) for k in range(K)]
    u = uniform_generator(seed)
    out = []
    for _ in range(K):
        r = math.sqrt(-2 * math.log(1 - u()))
        out.append(2 * math.pi * r * math.cos(2 * math.pi * u()))
    return out
