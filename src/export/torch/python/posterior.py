# requires: distributions
# Inverse problems on points (nodes/lib/posterior/): a dense measurement y = A x + σ_y n, and the exact
# posterior of an isotropic Gaussian-mixture prior under it (Bishop 2006, §2.3.3, per component):
#   Σ_k = (I/σ_k² + AᵀA/σ_y²)⁻¹ = U diag(λ_k) Uᵀ,  λ_kj = 1/(1/σ_k² + γ_j/σ_y²)  (AᵀA = U diag(γ) Uᵀ),
#   m_k = Σ_k (μ_k/σ_k² + Aᵀy/σ_y²),  w'_k ∝ w_k N(y; A μ_k, σ_k² AAᵀ + σ_y² I).
# Noised along x_t = a x_0 + s ε it is Σ_k w'_k N(a m_k, a²Σ_k + s²I), whose score is exact.
import math

import numpy as np
import torch

from distributions import Distribution, draw_components  # (inlined in graph.py)
from lab_random import derive_seed, normal  # (inlined in graph.py)


class MatrixOperator:
    """A x = x Aᵀ and Aᵀ y = y A on points [N, d]; `matrix` (m rows of d numbers), σ_y, and its SVD (numpy)."""

    def __init__(self, rows, sigma_y, device='cpu'):
        self.matrix = [list(map(float, r)) for r in rows]
        self.sigma_y = float(sigma_y)
        self.name = f'{len(rows)}×{len(rows[0])} linear map'
        self.A = torch.tensor(self.matrix, dtype=torch.float32, device=device)
        self.svd = np.linalg.svd(np.asarray(self.matrix, dtype=np.float64))

    def apply(self, x):
        return x @ self.A.T

    def adjoint(self, y):
        return y @ self.A


def linear_gaussian_posterior(mixture, A, y, sigma_y):
    """(weights, means [K, d], values [K, d], vectors [d, d]) of p(x | y), in float64."""
    weights, means, stds = mixture
    A = np.asarray(A, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    m, d = A.shape
    if len(means[0]) != d:
        raise ValueError(f"the matrix's rows have {d} entries; the prior's points have {len(means[0])}")
    s2y = sigma_y * sigma_y
    gamma, U = np.linalg.eigh(A.T @ A)
    g, W = np.linalg.eigh(A @ A.T)
    aty = A.T @ y
    logw, ms, lams = [], [], []
    for w, mu, sd in zip(weights, np.asarray(means, dtype=np.float64), stds):
        s2 = sd * sd
        lam = 1 / (1 / s2 + np.maximum(gamma, 0) / s2y)
        ms.append(U @ (lam * (U.T @ (mu / s2 + aty / s2y))))
        lams.append(lam)
        c = s2 * np.maximum(g, 0) + s2y
        q = W.T @ (y - A @ mu)
        logw.append((math.log(w) if w > 0 else -math.inf) - 0.5 * float(np.sum(np.log(2 * math.pi * c) + q * q / c)))
    logw = np.asarray(logw)
    un = np.exp(logw - logw.max())
    return un / un.sum(), np.asarray(ms), np.asarray(lams), U


def full_mixture_score(x, post, a, s):
    """∇log p_t(x) = −Σ_k r_k U (z_k / v_k), z_k = Uᵀ(x − a m_k), v_k = a²λ_k + s² (float64, returned as x's dtype)."""
    weights, means, lams, U = post
    xd = x.double()
    Ut = torch.as_tensor(U, dtype=torch.float64, device=x.device)
    mu = torch.as_tensor(means, dtype=torch.float64, device=x.device)
    v = torch.as_tensor(a * a * lams + s * s, dtype=torch.float64, device=x.device)  # [K, d]
    z = (xd[:, None, :] - a * mu[None]) @ Ut  # [n, K, d]
    logw = torch.as_tensor(np.log(np.maximum(weights, 1e-300)), dtype=torch.float64, device=x.device)
    logits = logw - 0.5 * torch.log(2 * math.pi * v).sum(1) - 0.5 * (z * z / v).sum(2)
    r = torch.softmax(logits, dim=1)
    return (-((r[:, :, None] * z / v) @ Ut.T).sum(1)).to(x.dtype)


def posterior_distribution(prior, operator, y_row, device='cpu'):
    """p(x | y) as a Distribution: samples m_k + Σ_k^{1/2} z (the lab's draws: components, then normal of deriveSeed(seed, 1))."""
    post = linear_gaussian_posterior(prior.mixture, operator.matrix, y_row, operator.sigma_y)
    weights, means, lams, U = post
    d = means.shape[1]
    roots = np.stack([U @ np.diag(np.sqrt(l)) @ U.T for l in lams])

    def sample(n, seed):
        k = draw_components(list(weights), n, seed).astype(np.int64)
        z = normal((n, d), derive_seed(seed, 1)).astype(np.float64)
        x = means[k] + np.einsum('nij,nj->ni', roots[k], z)
        return torch.from_numpy(x.astype(np.float32))

    dist = Distribution(f'{prior.name} given y', d, sample, device)
    dist.exact_score = lambda x, a, s: full_mixture_score(x, post, a, s)
    return dist
