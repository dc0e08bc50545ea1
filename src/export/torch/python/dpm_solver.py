# requires: predictors, sampling
# DPM-Solver (Lu et al. 2022a) and DPM-Solver++ (Lu et al. 2022b), nodes/lib/sampling/dpm-solver.ts:
# exponential integrators of the probability-flow ODE in λ = log(a/s), h = λ_t − λ_u,
#   x_t = c_x·x_u + w_0·M + w_1·(h M′) + w_2·(h² M″), φ_1 = expm1(∓h), φ_2 = φ_1/h ± 1, φ_3 = φ_2/h − ½;
#   ++: c_x = s_t/s_u, w = (−a_t φ_1, a_t φ_2, −a_t φ_3); noise: c_x = a_t/a_u, w = −s_t (φ_1, φ_2, φ_3).
import math

from predictors import affine_update, read_as  # (inlined in graph.py)
from sampling import ddim_indices, linspace, run_steps, ve_sigmas, vp_chain  # (inlined in graph.py)


def lambda_of(p):
    return math.log(p[0]) - math.log(p[1])


def reading_of(alg):
    return 'x0' if alg == 'dpmsolver++' else 'eps'


def path_at_lambda(family, lam):
    """The (a, s) of a VP, VE or flow path at half log-SNR λ: σ = s/a = e^{−λ}."""
    sigma = math.exp(-lam)
    if family == 've':
        return 1.0, sigma
    if family == 'flow':
        return 1 / (1 + sigma), sigma / (1 + sigma)
    a = 1 / math.sqrt(1 + sigma * sigma)
    return a, sigma * a


def integrator_weights(alg, frm, to):
    h = lambda_of(to) - lambda_of(frm)
    if alg == 'dpmsolver++':
        phi1 = math.expm1(-h)
        phi2 = phi1 / h + 1
        phi3 = phi2 / h - 0.5
        return h, to[1] / frm[1], -to[0] * phi1, to[0] * phi2, -to[0] * phi3
    phi1 = math.expm1(h)
    phi2 = phi1 / h - 1
    phi3 = phi2 / h - 0.5
    return h, to[0] / frm[0], -to[1] * phi1, -to[1] * phi2, -to[1] * phi3


def _integrate(x, w, m, d1=None, d2=None):
    h, cx, w0, w1, w2 = w
    if d1 is None:
        return cx * x + w0 * m
    if d2 is None:
        return cx * x + w0 * m + (0.5 * w0) * d1
    return cx * x + w0 * m + w1 * d1 + w2 * d2


def step_to_data(p, x, frm, to):
    """x = a_t·x̂_0(x_u) (s_t = 0)."""
    return affine_update(p, x, frm[0], frm[1], 'x0', 0.0, to[0])


def model_at(p, alg, x, at):
    return read_as(p, x, at[0], at[1], reading_of(alg))


def multistep_update(alg, x, history, frm, to, order):
    """history: [(λ, M)], the last at `frm`; D1_0 = (M_0 − M_1)/r_0, D1_1 = (M_1 − M_2)/r_1 (Lu et al. 2022b, Algorithm 2)."""
    w = integrator_weights(alg, frm, to)
    k, n = min(order, len(history)), len(history)
    m0 = history[-1][1]
    if k == 1:
        return _integrate(x, w, m0)
    r0 = (history[-1][0] - history[-2][0]) / w[0]
    d10 = m0 * (1 / r0) + history[-2][1] * (-1 / r0)
    if k == 2:
        return _integrate(x, w, m0, d10)
    r1 = (history[-2][0] - history[-3][0]) / w[0]
    d11 = history[-2][1] * (1 / r1) + history[-3][1] * (-1 / r1)
    d1 = d10 * (1 + r0 / (r0 + r1)) + d11 * (-r0 / (r0 + r1))
    d2 = d10 * (2 / (r0 + r1)) + d11 * (-2 / (r0 + r1))
    return _integrate(x, w, m0, d1, d2)


def singlestep_update(p, alg, family, x, m0, frm, to, order):
    """Lu et al. 2022a, Algorithms 1–2: r_1 = ½ (order 2); r_1 = ⅓, r_2 = ⅔ (order 3)."""
    w = integrator_weights(alg, frm, to)
    if order == 1:
        return _integrate(x, w, m0)
    lu = lambda_of(frm)
    inner = lambda r: path_at_lambda(family, lu + r * w[0])  # noqa: E731
    if order == 2:
        r1 = 0.5
        u1 = inner(r1)
        m1 = model_at(p, alg, _integrate(x, integrator_weights(alg, frm, u1), m0), u1)
        return _integrate(x, w, m0, m1 * (1 / r1) + m0 * (-1 / r1))
    r1, r2 = 1 / 3, 2 / 3
    u1, u2 = inner(r1), inner(r2)
    m1 = model_at(p, alg, _integrate(x, integrator_weights(alg, frm, u1), m0), u1)
    w2 = integrator_weights(alg, frm, u2)
    x2 = w2[1] * x + w2[2] * m0 + (w2[3] * r2 / r1) * m1 + (-w2[3] * r2 / r1) * m0
    m2 = model_at(p, alg, x2, u2)
    return w[1] * x + (w[2] - w[3] / r2) * m0 + (w[3] / r2) * m2


def solver_grid(schedule, grid, steps, tEnd, spacing, solver):
    """[(a, s, time)], noisiest first, and the time label (solver-grid.ts)."""
    if grid == 'sigmas':
        sig = ve_sigmas(schedule, f'{solver} on the sigmas grid')
        return [(1.0, s, s) for s in sig] + [(1.0, 0.0, 0.0)], 'σ'
    if grid == 'ddim':
        _, ab, T = vp_chain(schedule, f'{solver} on the ddim grid')
        if steps > T:
            raise ValueError(f'schedule: steps ({steps}) exceeds the schedule’s T = {T}')
        return [(math.sqrt(ab[i]), math.sqrt(1 - ab[i]), i / T) for i in ddim_indices(T, steps, spacing) + [0]], 't'
    if grid == 'time':
        return [(schedule.a(t), schedule.s(t), t) for t in linspace(1, tEnd, steps)], 't'
    l0, l1 = lambda_of((schedule.a(1), schedule.s(1))), lambda_of((schedule.a(tEnd), schedule.s(tEnd)))
    out = []
    for lam in linspace(l0, l1, steps):
        a, s = path_at_lambda(schedule.family, lam)
        out.append((a, s, schedule.t_of_sigma(s / a)))
    return out, 't'


def dpm_solver_sample(p, schedule, xT, algorithm, order, method, grid, steps, spacing, tEnd, lowerOrderFinal):
    """sampler/dpm-solver: multistep (the last steps of fewer than 15 at orders 1, 2) or singlestep; the final step to s = 0 is x = a·x̂_0."""
    points, label = solver_grid(schedule, grid, steps, tEnd, spacing, 'DPM-Solver')
    n, history = len(points) - 1, []

    def step(x, k):
        frm, to = points[k][:2], points[k + 1][:2]
        if to[1] == 0:
            return step_to_data(p, x, frm, to)
        m = model_at(p, algorithm, x, frm)
        if method == 'singlestep':
            return singlestep_update(p, algorithm, schedule.family, x, m, frm, to, order)
        history.append((lambda_of(frm), m))
        del history[:-3]
        cap = n - k if lowerOrderFinal and n < 15 else 3
        return multistep_update(algorithm, x, history, frm, to, min(order, cap))
    return run_steps(xT, n, lambda k: points[k][2], label, step)
