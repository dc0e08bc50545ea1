# requires: predictors, sampling
# ODE solvers of the samplers (nodes/lib/sampling/ode.ts, rk45.ts): dx/dτ = c_x(τ)·x + c_r(τ)·R(x; a(τ), s(τ)),
# affine in x and one reading R of the predictor; τ is t (probability-flow ODE) or σ (EDM). h < 0
# integrates towards the data.
import math

import torch

from predictors import affine_update  # (inlined in graph.py)
from sampling import Chain, linspace, run_steps  # (inlined in graph.py)


def pf_ode_drift(schedule):
    """dx/dt = f(t)·x − ½ g(t)²·∇log p_t(x) (Song et al. 2021, eq. (13)): (a, s, reading, c_x, c_r)."""
    return lambda t: (schedule.a(t), schedule.s(t), 'score', schedule.f(t), -0.5 * schedule.g2(t))


def edm_drift(sigma):
    """dx/dσ = (x − x̂_0(x; σ))/σ on a = 1, s = σ (Karras et al. 2022, eq. (3))."""
    return 1.0, sigma, 'x0', 1 / sigma, -1 / sigma


def scaled_drift(p, x, d, h, c):
    """h·(dx/dτ) + c·x at one drift point d."""
    a, s, readout, cx, cr = d
    return affine_update(p, x, a, s, readout, c + h * cx, h * cr)


def euler_step(p, x, drift, tau, h):
    return scaled_drift(p, x, drift(tau), h, 1.0)


def heun_step(p, x, drift, tau, h):
    """x̃ = x + h v(τ, x); x_new = ½x + ½x̃ + ½h·v(τ + h, x̃)."""
    xe = euler_step(p, x, drift, tau, h)
    return 0.5 * x + scaled_drift(p, xe, drift(tau + h), 0.5 * h, 0.5)


def rk4_step(p, x, drift, tau, h):
    """Classical fourth-order Runge–Kutta; k_i are h·v at the stage points."""
    k1 = scaled_drift(p, x, drift(tau), h, 0.0)
    k2 = scaled_drift(p, x + 0.5 * k1, drift(tau + h / 2), h, 0.0)
    k3 = scaled_drift(p, x + 0.5 * k2, drift(tau + h / 2), h, 0.0)
    k4 = scaled_drift(p, x + k3, drift(tau + h), h, 0.0)
    return x + k1 * (1 / 6) + k2 * (1 / 3) + k3 * (1 / 3) + k4 * (1 / 6)


FIXED_STEPS = {'euler': euler_step, 'heun': heun_step, 'rk4': rk4_step}

# Dormand–Prince 5(4), scipy solve_ivp's RK45 (the tableau, error weights and step control of rk45.ts).
_C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1]
_A = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
      [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
      [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656]]
_B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]
_E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40]


def _rms(t, scale):
    return float(torch.sqrt(torch.mean((t / scale) ** 2)))


class DormandPrince:
    """Adaptive RK45: error RMS of err/(atol + rtol·max(|x|, |x_new|)), factor 0.9·e^(−1/5) within [0.2, 10], FSAL."""

    def __init__(self, p, drift, t0, t_end, rtol, atol, max_attempts=10_000):
        self.p, self.drift, self.t, self.t_end, self.rtol, self.atol = p, drift, t0, t_end, rtol, atol
        self.max_attempts, self.attempts, self.h, self.k1 = max_attempts, 0, 0.0, None
        self.dir = math.copysign(1.0, t_end - t0) if t_end != t0 else 0.0

    @property
    def done(self):
        return self.dir * (self.t_end - self.t) <= 0

    def velocity(self, tau, x):
        a, s, readout, cx, cr = self.drift(tau)
        return affine_update(self.p, x, a, s, readout, cx, cr)

    def start(self, x):
        """The first velocity and Hairer's initial step (scipy's select_initial_step)."""
        self.k1 = f0 = self.velocity(self.t, x)
        scale = x.abs() * self.rtol + self.atol
        d0, d1 = _rms(x, scale), _rms(f0, scale)
        span = abs(self.t_end - self.t)
        h0 = min(1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1, span)
        x1 = x + f0 * (self.dir * h0)
        d2 = _rms(self.velocity(self.t + self.dir * h0, x1) - f0, scale) / h0
        h1 = max(1e-6, h0 * 1e-3) if max(d1, d2) <= 1e-15 else (0.01 / max(d1, d2)) ** (1 / 5)
        self.h = min(100 * h0, h1, span)

    def step(self, x):
        rejected = False
        while True:
            self.attempts += 1
            if self.attempts > self.max_attempts:
                raise ValueError(f'rk45 needed more than {self.max_attempts} steps to reach t = {self.t_end}: loosen rtol/atol or use a fixed-step method')
            remaining = abs(self.t_end - self.t)
            last = self.h >= remaining
            h = self.dir * min(self.h, remaining)
            if abs(h) < 10 * 2.220446049250313e-16 * max(1.0, abs(self.t)):
                raise ValueError(f'rk45 step size underflow at t = {self.t}: the ODE is too stiff for rtol/atol')
            k = [self.k1]
            for i in range(1, 6):
                xi = x + sum(kj * (h * aij) for aij, kj in zip(_A[i], k))
                k.append(self.velocity(self.t + _C[i] * h, xi))
            xn = x + sum(kj * (h * b) for b, kj in zip(_B, k) if b != 0)
            k7 = self.velocity(self.t + h, xn)
            err = sum(kj * (h * e) for e, kj in zip(_E, k + [k7]) if e != 0)
            e = _rms(err, torch.maximum(x.abs(), xn.abs()) * self.rtol + self.atol)
            if e <= 1:
                factor = 10.0 if e == 0 else min(10.0, 0.9 * e ** -0.2)
                if rejected:
                    factor = min(1.0, factor)
                self.t = self.t_end if last else self.t + h
                self.h = abs(h) * factor
                self.k1 = k7
                return xn
            rejected = True
            self.h = abs(h) * max(0.2, 0.9 * e ** -0.2 if math.isfinite(e) else 0.2)


def pf_ode_sample(p, schedule, xT, method, steps, rtol, atol, tEnd):
    """sampler/pf-ode: fixed Euler/Heun/RK4 on linspace(1, tEnd, steps) or adaptive RK45; on a σ-grid
    (Karras) schedule EDM's ODE in σ over the grid, the last step to σ = 0 Euler. Returns x0 and the trajectory."""
    if schedule.sigma_grid and schedule.sigmas:
        drift, grid, last_euler, label = edm_drift, list(schedule.sigmas) + [0.0], True, 'σ'
    else:
        drift, grid, last_euler, label = pf_ode_drift(schedule), linspace(1, tEnd, steps), False, 't'
    if method != 'rk45':
        n, fixed = len(grid) - 1, FIXED_STEPS[method]
        step = lambda x, k: (euler_step if last_euler and k == n - 1 else fixed)(p, x, drift, grid[k], grid[k + 1] - grid[k])  # noqa: E731
        return run_steps(xT, n, lambda k: grid[k], label, step)
    tau0, tau1 = grid[0], grid[-2 if last_euler else -1]
    chain = Chain(xT, tau0, label)
    dp = DormandPrince(p, drift, tau0, tau1, rtol, atol)
    dp.start(chain.x)
    # Frames follow the fraction of the τ interval covered (σ-time for Karras: its log).
    span = (lambda t: math.log(tau0 / t) / math.log(tau0 / tau1)) if last_euler else (lambda t: (tau0 - t) / (tau0 - tau1))
    share = 1 - 1 / len(grid) if last_euler else 1
    while not dp.done:
        nxt = dp.step(chain.x)
        chain.advance(nxt, share if dp.done else min(span(dp.t), 1) * share, dp.t)
    if last_euler:
        chain.advance(euler_step(p, chain.x, drift, tau1, -tau1), 1, 0)
    return chain.finish()
