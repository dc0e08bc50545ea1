# requires: sampling, ode
# loop/levels and the single-step nodes (nodes/lib/sampling/levels.ts, nodes/step/*): the passes of a
# loop, each a LoopLevel (the path point a step reads the predictor at, t → t_next, the chain indices
# i → i_next, the loop's seed), and the step nodes' shared pieces.
import math

from sampling import ddim_indices, linspace, noise_like, path_point, ve_sigmas, vp_chain  # (inlined in graph.py)
from ode import edm_drift, pf_ode_drift  # (inlined in graph.py)


class LoopLevel:
    def __init__(self, **kw):
        self.i = self.i_next = None
        self.__dict__.update(kw)


def loop_levels(schedule, grid, steps, spacing, tEnd, sigma, repeat):
    """(count, time label, at(k, seed)): chain — every DDPM step i = T…1; ddim — ddim_indices then 0; time —
    linspace(1, tEnd, steps); sigmas — the VE levels, each `repeat` times, the last to 0; fixed — `steps` passes at a = 1, s = σ."""
    def need(what):
        if schedule is None:
            raise ValueError(f'schedule: the {grid} grid walks {what}; connect a schedule')
        return schedule

    def plan(count, label, s_last, point):
        def at(k, seed=0):
            return LoopLevel(k=k, count=count, seed=seed, last=k == count - 1, grid=grid, s_last=s_last, time_label=label, **point(k))
        return count, label, at

    if grid in ('chain', 'ddim'):
        _, ab, T = vp_chain(need('the discrete chain of a VP schedule'), f'the {grid} grid')
        if grid == 'ddim' and steps > T:
            raise ValueError(f'steps ({steps}) exceeds the schedule’s T = {T}: the ddim grid visits a sub-sequence of the chain')
        idx = list(range(T, -1, -1)) if grid == 'chain' else ddim_indices(T, steps, spacing) + [0]
        count = len(idx) - 1
        return plan(count, 't', math.sqrt(1 - ab[idx[count - 1]]), lambda k: dict(
            i=idx[k], i_next=idx[k + 1], t=idx[k] / T, t_next=idx[k + 1] / T, a=math.sqrt(ab[idx[k]]), s=math.sqrt(1 - ab[idx[k]])))
    if grid == 'time':
        sch = need('the continuous path a(t), s(t)')
        g = linspace(1, tEnd, steps)
        return plan(steps, 't', sch.s(g[steps - 1]), lambda k: dict(t=g[k], t_next=g[k + 1], a=sch.a(g[k]), s=sch.s(g[k])))
    if grid == 'sigmas':
        sig = ve_sigmas(need('the σ levels of a VE schedule'), 'the sigmas grid')
        L = len(sig)
        return plan(L * repeat, 'σ', sig[L - 1], lambda k: dict(
            t=sig[k // repeat], t_next=sig[k // repeat + 1] if k // repeat + 1 < L else 0.0, a=1.0, s=sig[k // repeat]))
    return plan(steps, 'step', sigma, lambda k: dict(t=k, t_next=k + 1, a=1.0, s=sigma))


def step_noise(x, level, stream):
    """Stream 0 is the whole samplers' noise of step k, noiseLike(x, seed, k); stream c > 0 is noiseLike(x, seed, k, c)."""
    return noise_like(x, level.seed, level.k) if stream == 0 else noise_like(x, level.seed, level.k, stream)


def require_schedule(schedule, step):
    if schedule is None:
        raise ValueError(f'schedule: {step} needs the schedule (bind the loop’s schedule to this port)')
    return schedule


def require_moving_grid(level, step):
    if level.grid == 'fixed':
        raise ValueError(f'level: {step} moves from t to t_next, but the loop’s fixed grid stays at one noise level')


def require_sigmas_grid(level, step):
    if level.grid != 'sigmas':
        raise ValueError(f'level: {step} steps between the σ levels of a VE schedule; set the loop’s grid to sigmas (repeat 1), not {level.grid}')
    return level.t, level.t_next


def pass_point(schedule, level, step):
    """(a, s, f, g²) in the grid's own time: σ-time on the sigmas grid (f = 0, g² = 2σ), else the schedule's t."""
    require_moving_grid(level, step)
    return (1.0, level.t, 0.0, 2 * level.t) if level.grid == 'sigmas' else path_point(schedule, level.t)


def pass_drift(schedule, level, step):
    require_moving_grid(level, step)
    return edm_drift if level.grid == 'sigmas' else pf_ode_drift(schedule)


def vp_levels(schedule, level, step):
    """(β, ᾱ, ᾱ_prev) of a pass: the chain's (β_i for one step, 1 − ᾱ_i/ᾱ_j for a jump), or ᾱ(t) = a(t)² on the time grid."""
    if level.i is not None and level.i_next is not None:
        betas, ab, _ = vp_chain(schedule, step)
        a_, ap = ab[level.i], ab[level.i_next]
        return (betas[level.i] if level.i_next == level.i - 1 else 1 - a_ / ap), a_, ap
    if level.grid != 'time':
        raise ValueError(f'level: {step} moves along a VP chain; the loop’s {level.grid} grid has no ᾱ (use the chain, ddim or time grid)')
    if schedule.family != 'vp':
        raise ValueError(f"schedule: {step} needs a variance-preserving path (a² + s² = 1); '{schedule.name}' is not one")
    a_, ap = schedule.a(level.t) ** 2, schedule.a(level.t_next) ** 2
    return 1 - a_ / ap, a_, ap
