"""Denoising score matching of the score MLP in PyTorch: the peer of the tfjs DSM training case.

Network: [c_in(σ)·x̃, emb(σ)] (2 + 16 = 18) → 128 → 128 → 128 → 2, SiLU, predicting ε, with
  x̃ = x_0 + σ ε,  c_in = 1/sqrt(1 + σ²),
  emb(σ) = [sin(ω_k u), cos(ω_k u)]_{k<8},  u = ¼ ln σ,  ω_k = π·2^{6k/7 − 2};
σ_i = sqrt((1 − ᾱ_i)/ᾱ_i) with i ~ U{1…1000} of the linear β schedule (1e-4…0.02);
loss mean((F − ε)²) (Ho et al.'s L_simple); Adam, lr 1e-3; batch of fresh 8-Gaussians data.
Init: W ~ N(0, 2/n_in) (He), the last layer ×0.1/sqrt(n_in), biases 0.
"""
import math

import torch

from eight_gaussians import sample_data

FREQUENCIES = torch.tensor([math.pi * 2 ** (6 * k / 7 - 2) for k in range(8)], dtype=torch.float32)


def linear_sigmas(T=1000, beta_start=1e-4, beta_end=0.02):
    alpha_bar, out = 1.0, []
    for t in range(1, T + 1):
        alpha_bar *= 1 - (beta_start + (beta_end - beta_start) * (t - 1) / (T - 1))
        out.append(math.sqrt((1 - alpha_bar) / alpha_bar))
    return torch.tensor(out, dtype=torch.float32)


SIGMAS = linear_sigmas()


def make_net(seed, sizes=(18, 128, 128, 128, 2)):
    g = torch.Generator().manual_seed(seed)
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        gain = 0.1 if i == len(sizes) - 2 else math.sqrt(2)
        with torch.no_grad():
            lin.weight.copy_(torch.randn(sizes[i + 1], sizes[i], generator=g) * gain / math.sqrt(sizes[i]))
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.SiLU())
    return torch.nn.Sequential(*layers)


def net_input(x_tilde, sigma):
    u = 0.25 * torch.log(sigma)[:, None] * FREQUENCIES[None, :]
    c_in = 1 / torch.sqrt(1 + sigma * sigma)
    return torch.cat([x_tilde * c_in[:, None], torch.sin(u), torch.cos(u)], dim=1)


def train(steps, batch, seed, lr=1e-3):
    """Train a fresh network for `steps` Adam steps; returns the mean loss of the last 100 steps."""
    g = torch.Generator().manual_seed(seed + 1)
    net = make_net(seed)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    tail = []
    for step in range(steps):
        x0 = sample_data(batch, g)
        eps = torch.randn(batch, 2, generator=g)
        sigma = SIGMAS[torch.randint(0, len(SIGMAS), (batch,), generator=g)]
        x_tilde = x0 + sigma[:, None] * eps
        loss = torch.mean((net(net_input(x_tilde, sigma)) - eps) ** 2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step >= steps - 100:
            tail.append(loss.item())
    return sum(tail) / max(len(tail), 1)
