"""The U-Net of model/unet (nodes/lib/nn/unet-layout.ts) in PyTorch: the peer of the U-Net cases.

Same layers, widths and order as the lab's (written from unet-layout.ts's description, nothing
imported): embedding e = W₂ SiLU(W₁ emb(¼ ln σ) + b₁) + b₂ (E = 4·c₀, 2·8 sinusoidal features);
in conv 3×3; per level l: res blocks (GroupNorm(8), SiLU, 3×3 convs, the embedding added per
channel, 1×1 skip when widths differ), skip kept, then a stride-2 3×3 conv (l < L−1); middle:
res, res; up: concat with the skip, res blocks, nearest upsampling to the skip's size and a 3×3
conv (l > 0); out: conv(SiLU(GN(h))). Inputs scaled by c_in(σ) = 1/sqrt(1 + σ²).

Cases: one training step (ε-prediction, L_simple, Adam 2e-3, weight average 0.995) of batch 64; DDIM (η = 0) with 50
steps for 64 images of the linear-β schedule. Timing only: the images are uniform noise in [−1, 1].
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

K = 8  # sinusoidal frequencies (the lab's EMBEDDING_FREQUENCIES)
GROUPS = 8


def features(sigma):
    """[sin(ω_k u), cos(ω_k u)], u = ¼ ln σ, ω_k = π·2^{6k/7 − 2} (the MLP's features)."""
    w = torch.tensor([math.pi * 2 ** (6 * k / 7 - 2) for k in range(K)], dtype=torch.float32)
    u = 0.25 * torch.log(sigma)[:, None] * w[None, :]
    return torch.cat([torch.sin(u), torch.cos(u)], dim=1)


class Res(nn.Module):
    def __init__(self, a, b, E):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(GROUPS, a), nn.Conv2d(a, b, 3, padding=1)
        self.emb = nn.Linear(E, b)
        self.norm2, self.conv2 = nn.GroupNorm(GROUPS, b), nn.Conv2d(b, b, 3, padding=1)
        self.skip = nn.Conv2d(a, b, 1) if a != b else nn.Identity()

    def forward(self, x, e):
        h = self.conv1(F.silu(self.norm1(x))) + self.emb(e)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)


class UNet(nn.Module):
    def __init__(self, channels=1, levels=(32, 64, 64), blocks=1):
        super().__init__()
        E, L = 4 * levels[0], len(levels)
        self.emb0, self.emb1 = nn.Linear(2 * K, E), nn.Linear(E, E)
        self.inp = nn.Conv2d(channels, levels[0], 3, padding=1)
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        c = levels[0]
        for l in range(L):
            self.down.append(nn.ModuleList([Res(c if b == 0 else levels[l], levels[l], E) for b in range(blocks)]))
            c = levels[l]
            if l < L - 1:
                self.downsample.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
        self.mid = nn.ModuleList([Res(c, c, E), Res(c, c, E)])
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for l in range(L - 1, -1, -1):
            self.up.append(nn.ModuleList([Res(c + levels[l] if b == 0 else levels[l], levels[l], E) for b in range(blocks)]))
            c = levels[l]
            if l > 0:
                self.upsample.append(nn.Conv2d(c, c, 3, padding=1))
        self.out_norm, self.out = nn.GroupNorm(GROUPS, c), nn.Conv2d(c, channels, 3, padding=1)
        self.L = L

    def forward(self, x, sigma):
        e = F.silu(self.emb1(F.silu(self.emb0(features(sigma)))))
        h = self.inp(x / torch.sqrt(1 + sigma * sigma)[:, None, None, None])
        skips = []
        for l in range(self.L):
            for block in self.down[l]:
                h = block(h, e)
            skips.append(h)
            if l < self.L - 1:
                h = self.downsample[l](h)
        for block in self.mid:
            h = block(h, e)
        for i, l in enumerate(range(self.L - 1, -1, -1)):
            h = torch.cat([h, skips[l]], dim=1)
            for block in self.up[i]:
                h = block(h, e)
            if l > 0:
                h = self.upsample[i](F.interpolate(h, size=skips[l - 1].shape[2:], mode="nearest"))
        return self.out(F.silu(self.out_norm(h)))


def alpha_bars(T=1000, beta_start=1e-4, beta_end=0.02):
    betas = torch.linspace(beta_start, beta_end, T, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)


def make(seed, size=28, levels=(32, 64, 64)):
    torch.manual_seed(seed)
    return UNet(1, levels, 1), size


def train_step_fn(net, size, batch, seed):
    """A closure doing one Adam step of L_simple = mean((F(x̃, σ) − ε)²) on a fresh batch."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    ema = [p.detach().clone() for p in net.parameters()]
    ab = alpha_bars().float()

    def step():
        x0 = torch.rand(batch, 1, size, size, generator=g) * 2 - 1
        eps = torch.randn(batch, 1, size, size, generator=g)
        i = torch.randint(0, len(ab), (batch,), generator=g)
        sigma = torch.sqrt((1 - ab[i]) / ab[i])
        loss = ((net(x0 + sigma[:, None, None, None] * eps, sigma) - eps) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            for a, p in zip(ema, net.parameters()):
                a.mul_(0.995).add_(p, alpha=0.005)
        return loss.item()

    return step


@torch.inference_mode()
def ddim(net, size, n, steps, seed):
    """DDIM (η = 0) in the variance-exploding form of the lab: x̃ = x/sqrt(ᾱ), σ = sqrt((1 − ᾱ)/ᾱ),
    x̃ ← x̃ + (σ_next − σ)·ε̂(x̃, σ) over `steps` evenly spaced levels; returns x = x̃·sqrt(ᾱ_0)."""
    g = torch.Generator().manual_seed(seed)
    ab = alpha_bars()
    ts = torch.linspace(len(ab) - 1, 0, steps).round().long()
    sig = torch.sqrt((1 - ab[ts]) / ab[ts]).float()
    x = torch.randn(n, 1, size, size, generator=g) * torch.sqrt(1 + sig[0] ** 2)
    for k in range(steps):
        s = sig[k].expand(n)
        s_next = sig[k + 1] if k + 1 < steps else torch.tensor(0.0)
        x = x + (s_next - sig[k]) * net(x, s)
    return x * math.sqrt(ab[ts[-1]].item())
