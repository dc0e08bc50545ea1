# requires: lab_random, predictors
# The samplers' common machinery (nodes/lib/sampling/): the chain of states with its trajectory
# snapshots, the per-step noise (the lab's own numbers), time grids and the single-step updates.
# Coefficients are float64 Python numbers, as the lab computes them on the CPU.
import math

import torch

from lab_random import derive_seed, normal  # (inlined in graph.py)
from predictors import affine_update, read_affine  # (inlined in graph.py)

MAX_FRAMES = 20
FRAME_BUDGET = 2 ** 24
NOISE_STREAM = 0x9E3779B9


class Trajectory:
    """Snapshots of a sampler's state: frames[k] is x at times[k]."""

    def __init__(self, frames, times, time_label):
        self.frames, self.times, self.time_label = frames, times, time_label

    def describe(self):
        return f'{len(self.times)} frames'


class Chain:
    """The current x and up to 20 snapshots, frame k taken at the first step reaching fraction k/(frames − 1) (chain.ts)."""

    def __init__(self, xT, t0, time_label):
        self.n_frames = max(2, min(MAX_FRAMES, FRAME_BUDGET // max(1, xT.numel())))
        self.x, self.frames, self.times, self.time_label = xT.clone(), [], [], time_label
        self._snap(t0)

    def _snap(self, t):
        self.frames.append(self.x.clone())
        self.times.append(t)

    def advance(self, nxt, fraction, t):
        self.x = nxt
        k = len(self.frames)
        if k < self.n_frames and fraction * (self.n_frames - 1) >= k - 1e-9:
            self._snap(t)

    def finish(self):
        return {'x0': self.x, 'trajectory': Trajectory(torch.stack(self.frames), list(self.times), self.time_label)}


def run_steps(xT, total, time_at, time_label, step):
    """`total` steps of step(x, j) from xT, step j ending at time time_at(j + 1)."""
    chain = Chain(xT, time_at(0), time_label)
    for j in range(total):
        chain.advance(step(chain.x, j), (j + 1) / total, time_at(j + 1))
    return chain.finish()


def step_seed(seed, *salt):
    """deriveSeed(deriveSeed(seed, NOISE_STREAM), …salt): the seed of one step's noise (chain.ts)."""
    return derive_seed(derive_seed(seed, NOISE_STREAM), *salt)


def noise_like(x, seed, *salt):
    """The lab's noiseLike: normal(x's shape, stepSeed(seed, …salt)) (the draw depends on x's size only)."""
    return torch.from_numpy(normal(tuple(x.shape), step_seed(seed, *salt))).to(x.device)


def linspace(frm, to, n):
    """n + 1 evenly spaced points from `frm` to `to`, both included (grids.ts)."""
    return [to if k == n else frm + (to - frm) * k / n for k in range(n + 1)]


def round_half_even(x):
    f = math.floor(x)
    d = x - f
    if d != 0.5:
        return f if d < 0.5 else f + 1
    return f if f % 2 == 0 else f + 1


def ddim_indices(T, steps, spacing):
    """DDIM's sub-sequence of i ∈ 1…T, noisiest first (diffusers' timestep_spacing; τ = i − 1)."""
    if not 1 <= steps <= T:
        raise ValueError(f'DDIM needs 1 ≤ steps ≤ T = {T}, got {steps}')
    taus = []
    for k in range(steps):
        if spacing == 'leading':
            taus.append(k * (T // steps))
        elif spacing == 'trailing':
            taus.append(round_half_even(T - k * (T / steps)) - 1)
        else:
            taus.append(T - 1 if steps == 1 else round_half_even(k * ((T - 1) / (steps - 1))))
    return sorted((t + 1 for t in taus), reverse=True)


def vp_chain(schedule, sampler):
    if schedule.family != 'vp' or schedule.alpha_bars is None:
        raise ValueError(f"schedule: {sampler} needs a variance-preserving schedule with a discrete β chain; '{schedule.name}' is {schedule.family}")
    return schedule.betas, schedule.alpha_bars, len(schedule.alpha_bars) - 1


def ve_sigmas(schedule, sampler):
    if schedule.family != 've' or not schedule.sigmas:
        raise ValueError(f"schedule: {sampler} needs a variance-exploding schedule with its σ levels; '{schedule.name}' is {schedule.family}")
    return schedule.sigmas


def ddpm_sigma(beta, ab, ab_prev, variance):
    """σ_t² = β_t, or the posterior β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho et al. 2020, §3.2)."""
    v = beta if variance == 'beta' else beta * (1 - ab_prev) / (1 - ab)
    return math.sqrt(max(v, 0.0))


def ddpm_update(p, x, beta, ab, ab_prev, variance, z):
    """x_{t−1} = (x_t − β_t/sqrt(1−ᾱ_t)·ε̂)/sqrt(α_t) + σ_t z."""
    a, s, sqrt_alpha = math.sqrt(ab), math.sqrt(1 - ab), math.sqrt(1 - beta)
    return affine_update(p, x, a, s, 'eps', 1 / sqrt_alpha, -beta / (s * sqrt_alpha), z, ddpm_sigma(beta, ab, ab_prev, variance))


def ddim_sigma(ab, ab_prev, eta):
    """σ = η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev) (Song, Meng & Ermon 2021, eq. (16))."""
    return eta * math.sqrt(max((1 - ab_prev) / (1 - ab) * (1 - ab / ab_prev), 0.0))


def ddim_update(p, x, ab, ab_prev, eta, z):
    """x_prev = sqrt(ᾱ_prev/ᾱ_t)·x + (sqrt(1−ᾱ_prev−σ²) − sqrt(ᾱ_prev(1−ᾱ_t)/ᾱ_t))·ε̂ + σ z."""
    a, s, sigma, a_prev = math.sqrt(ab), math.sqrt(1 - ab), ddim_sigma(ab, ab_prev, eta), math.sqrt(ab_prev)
    direction = math.sqrt(max(1 - ab_prev - sigma * sigma, 0.0))
    return affine_update(p, x, a, s, 'eps', a_prev / a, direction - a_prev * s / a, z, sigma)


def langevin_update(p, x, a, s, tau, z):
    """x ← x + τ·∇log p(x) + sqrt(2τ)·z, the score read at (a, s)."""
    return affine_update(p, x, a, s, 'score', 1.0, tau, z, math.sqrt(2 * tau))


def path_point(schedule, t):
    return schedule.a(t), schedule.s(t), schedule.f(t), schedule.g2(t)


def euler_maruyama_update(p, x, pt, dt, z):
    """Reverse SDE from t to t − Δt: x ← x − [f x − g²·score]Δt + g sqrt(Δt) z."""
    a, s, f, g2 = pt
    return affine_update(p, x, a, s, 'score', 1 - f * dt, g2 * dt, z, math.sqrt(g2 * dt))


def corrector_update(p, x, a, s, snr, alpha, z):
    """Song et al. 2021 Algorithm 4: ε = 2α(snr·‖z‖/‖g‖)², norms per sample averaged; x + ε g + sqrt(2ε) z."""
    y, u, v = read_affine(p, x, a, s, 'score')
    g = u * x + v * y if (u, v) != (0.0, 1.0) else y
    mean_norm = lambda t: t.reshape(t.shape[0], -1).norm(dim=1).mean()  # noqa: E731
    eps = (mean_norm(z) / mean_norm(g)) ** 2 * (2 * alpha * snr * snr)
    return x + g * eps + z * torch.sqrt(eps * 2)


def corrector_alpha(schedule, t):
    """1 − β_i of the chain at t for VP (i = ⌊t(N − 1)⌋ + 1), 1 for VE."""
    b = schedule.betas
    if schedule.family != 'vp' or b is None:
        return 1.0
    N = len(b) - 1
    return 1 - b[min(N, math.floor(t * (N - 1)) + 1)]


def tweedie_denoise(p, x, a, s):
    """x̂_0 = (x + s²·score)/a."""
    return affine_update(p, x, a, s, 'x0', 0.0, 1.0)


def round_half_up(x):
    """JavaScript's Math.round: halves go up."""
    return math.floor(x + 0.5)
