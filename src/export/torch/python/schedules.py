# Noise schedules as forward paths x_t = a(t)·x_0 + s(t)·ε with the SDE dx = f(t)·x dt + g(t) dw
# (nodes/lib/schedules/, DESIGN.md): f = d log a/dt, g² = d(s²)/dt − 2 f s². Plain float64 Python
# numbers, as the lab computes them on the CPU. Discrete schedules index the chain i = 1…T (ᾱ_0 = 1)
# and interpolate log ᾱ linearly between t_i = i/T.
import math


class Level:
    def __init__(self, i, t, a, s):
        self.i, self.t, self.a, self.s = i, t, a, s


class Schedule:
    """name, family ('vp' | 've' | 'flow'), N, discrete, betas/alpha_bars (VP: β_0…β_N, ᾱ_0…ᾱ_N),
    sigmas (VE: σ_1 > … > σ_N), sigma_grid, a(t), s(t), f(t), g2(t), t_of_sigma(σ), prior_std, levels()."""

    betas = alpha_bars = sigmas = None
    sigma_grid = False

    def describe(self):
        return f'{self.name}, {self.family.upper()}, N = {self.N}'


def _chain_of(betas):
    """β_0…β_N with β_0 = 0 and ᾱ_i = Π_{j≤i}(1 − β_j), ᾱ_0 = 1."""
    b, ab = [0.0], [1.0]
    for i, beta in enumerate(betas, start=1):
        if not 0 < beta < 1:
            raise ValueError(f'β_{i} = {beta} is outside (0, 1)')
        b.append(float(beta))
        ab.append(ab[-1] * (1 - beta))
    return b, ab


def vp_schedule_from_path(name, N, discrete, betas, log_ab, dlog_ab, t_of_log_ab):
    """A VP path from L(t) = log ᾱ(t): a = e^{L/2}, s = sqrt(1 − e^L), f = L'/2, g² = −L'."""
    sch = Schedule()
    sch.name, sch.family, sch.N, sch.discrete = name, 'vp', N, discrete
    sch.betas, sch.alpha_bars = _chain_of(betas)
    sch.a = lambda t: math.exp(0.5 * log_ab(t))
    sch.s = lambda t: math.sqrt(-math.expm1(log_ab(t)))
    sch.f = lambda t: 0.5 * dlog_ab(t)
    sch.g2 = lambda t: -dlog_ab(t)
    sch.t_of_sigma = lambda sigma: 0.0 if sigma <= 0 else min(1.0, max(0.0, t_of_log_ab(-math.log1p(sigma * sigma))))
    sch.prior_std = 1.0
    ab = sch.alpha_bars

    def levels():
        out = []
        for i in range(N, 0, -1):
            t = i / N
            out.append(Level(i, t, math.sqrt(ab[i]), math.sqrt(1 - ab[i])) if discrete else Level(i, t, sch.a(t), sch.s(t)))
        return out
    sch.levels = levels
    return sch


def discrete_vp_schedule(name, betas):
    """A discrete DDPM chain: on (t_{i−1}, t_i], log ᾱ(t) = log ᾱ_i − (i − tT)·(log ᾱ_i − log ᾱ_{i−1})."""
    T = len(betas)
    _, ab = _chain_of(betas)
    log_ab = [math.log(v) for v in ab]

    def interval(t):
        return min(T, max(1, math.ceil(t * T)))

    def slope(i):
        return T * (log_ab[i] - log_ab[i - 1])

    def t_of(L):
        if L >= 0:
            return 0.0
        if L <= log_ab[T]:
            return 1.0
        lo, hi = 1, T
        while lo < hi:
            mid = (lo + hi) >> 1
            if log_ab[mid] <= L:
                hi = mid
            else:
                lo = mid + 1
        return lo / T - (log_ab[lo] - L) / slope(lo)
    return vp_schedule_from_path(name, T, True, betas,
                                 lambda t: log_ab[interval(t)] - (interval(t) / T - t) * slope(interval(t)),
                                 lambda t: slope(interval(t)), t_of)


def _linspace(start, end, n):
    return [start if n == 1 else start + (end - start) * k / (n - 1) for k in range(n)]


def linear_schedule(T=1000, betaStart=1e-4, betaEnd=0.02):
    """Ho et al. 2020: β_i linear from betaStart to betaEnd."""
    return discrete_vp_schedule('linear', _linspace(betaStart, betaEnd, T))


def scaled_linear_schedule(T=1000, betaStart=0.00085, betaEnd=0.012):
    """Stable Diffusion: sqrt(β_i) linear."""
    return discrete_vp_schedule('scaled-linear', [r * r for r in _linspace(math.sqrt(betaStart), math.sqrt(betaEnd), T)])


def cosine_schedule(T=1000, s=0.008, maxBeta=0.999):
    """Nichol & Dhariwal 2021: ᾱ(i) = f(i)/f(0), f(i) = cos²((i/T + s)/(1 + s)·π/2), β clipped at maxBeta."""
    f = lambda i: math.cos(((i / T + s) / (1 + s)) * (math.pi / 2)) ** 2  # noqa: E731
    return discrete_vp_schedule('cosine', [min(1 - f(i) / f(i - 1), maxBeta) for i in range(1, T + 1)])


def sigmoid_schedule(T=1000, start=-3, end=3, tau=1, maxBeta=0.999):
    """Chen 2023, Algorithm 1: γ(t) = (σ(e/τ) − σ((t(e−b)+b)/τ)) / (σ(e/τ) − σ(b/τ)), clipped to [1e-9, 1]."""
    logistic = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    v0, v1 = logistic(start / tau), logistic(end / tau)
    gamma = lambda t: min(1.0, max(1e-9, (v1 - logistic((t * (end - start) + start) / tau)) / (v1 - v0)))  # noqa: E731
    return discrete_vp_schedule('sigmoid', [min(1 - gamma((k + 1) / T) / gamma(k / T), maxBeta) for k in range(T)])


def vp_schedule(betaMin=0.1, betaMax=20, N=1000):
    """Song et al. 2021 VP-SDE: β(t) = β_min + t(β_max − β_min), log ᾱ(t) = −β_min t − ½(β_max − β_min)t²."""
    d = betaMax - betaMin
    betas = [betaMin / N + (i - 1) * d / (N * (N - 1)) for i in range(1, N + 1)]
    return vp_schedule_from_path('vp', N, False, betas, lambda t: -(betaMin * t + 0.5 * d * t * t), lambda t: -(betaMin + d * t),
                                 lambda L: (-2 * L) / (betaMin + math.sqrt(betaMin * betaMin - 2 * d * L)))


def sigma_path_schedule(name, N, sigma, dsigma2, t_of_sigma, sigma_grid=False):
    """A VE path: a = 1, s = σ(t), f = 0, g² = dσ²/dt; levels σ(1 − k/(N−1)), k = 0…N−1."""
    sch = Schedule()
    sch.name, sch.family, sch.N, sch.discrete, sch.sigma_grid = name, 've', N, False, sigma_grid
    times = [1 - k / (N - 1) for k in range(N)]
    sch.sigmas = [sigma(t) for t in times]
    sch.a, sch.s, sch.f, sch.g2 = (lambda t: 1.0), sigma, (lambda t: 0.0), dsigma2
    sch.t_of_sigma = lambda s: min(1.0, max(0.0, t_of_sigma(s)))
    sch.prior_std = sigma(1)
    sch.levels = lambda: [Level(k + 1, t, 1.0, sch.sigmas[k]) for k, t in enumerate(times)]
    return sch


def ve_schedule(sigmaMin=0.01, sigmaMax=50, N=1000):
    """Song et al. 2021 VE-SDE: σ(t) = σ_min^{1−t} σ_max^t, g² = 2σ² ln(σ_max/σ_min)."""
    lr = math.log(sigmaMax / sigmaMin)
    sigma = lambda t: sigmaMin ** (1 - t) * sigmaMax ** t  # noqa: E731
    return sigma_path_schedule('ve', N, sigma, lambda t: 2 * sigma(t) ** 2 * lr, lambda s: math.log(s / sigmaMin) / lr)


def karras_schedule(sigmaMin=0.002, sigmaMax=80, rho=7, N=18):
    """Karras et al. 2022, eq. 5: σ(t) = (σ_min^{1/ρ} + t(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ."""
    lo, hi = sigmaMin ** (1 / rho), sigmaMax ** (1 / rho)
    root = lambda t: (1 - t) * lo + t * hi  # noqa: E731
    return sigma_path_schedule('karras', N, lambda t: root(t) ** rho, lambda t: 2 * rho * root(t) ** (2 * rho - 1) * (hi - lo),
                               lambda s: (s ** (1 / rho) - lo) / (hi - lo), sigma_grid=True)


def flow_schedule(tauMax=0.999, N=1000):
    """Rectified flow: a = 1 − τ, s = τ, τ = t·τ_max; f = −τ_max/(1 − τ), g² = 2τ_max τ/(1 − τ)."""
    sch = Schedule()
    sch.name, sch.family, sch.N, sch.discrete = 'flow', 'flow', N, False
    tau = lambda t: tauMax * t  # noqa: E731
    sch.a, sch.s = (lambda t: 1 - tau(t)), tau
    sch.f = lambda t: -tauMax / (1 - tau(t))
    sch.g2 = lambda t: 2 * tauMax * tau(t) / (1 - tau(t))
    sch.t_of_sigma = lambda sigma: 0.0 if sigma <= 0 else min(1.0, sigma / (1 + sigma) / tauMax)
    sch.prior_std = tauMax
    sch.levels = lambda: [Level(N - k, (N - k) / N, sch.a((N - k) / N), sch.s((N - k) / N)) for k in range(N)]
    return sch
