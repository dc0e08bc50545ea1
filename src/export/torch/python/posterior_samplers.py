# requires: sampling, predictors, operators, operator_svd
# The posterior samplers of nodes/sampler/{dps,pigdm,ddrm,repaint}.ts on a measurement y = A x + σ_y n,
# step for step with the lab (its noise: noise_like(…, seed, k) of sampling.py). DPS and ΠGDM take
# ∇_x of a loss of Tweedie's x̂_0(x) by torch.autograd through the predictor.
import math

import torch

from operator_svd import no_svd, operator_svd  # (inlined in graph.py)
from operators import operator_shapes  # (inlined in graph.py)
from predictors import read_affine, read_as  # (inlined in graph.py)
from runtime import NodeError  # (inlined in graph.py)
from sampling import ddim_indices, ddim_sigma, ddpm_update, noise_like, run_steps, vp_chain  # (inlined in graph.py)


def x0_and_gradient(p, x, a, s, loss):
    """(x̂_0(x), ∇_x loss(x̂_0(x))) by autograd; the predictor must be differentiable (the lab's tf.grad)."""
    with torch.enable_grad():
        xv = x.detach().requires_grad_(True)
        y, u, v = read_affine(p, xv, a, s, 'x0')
        # The network's own output must carry the gradient (x̂_0 = u·x + v·y would otherwise give u·I alone).
        if v != 0 and not y.requires_grad:
            raise NodeError(f'predictor: {p.name} gives no gradient in PyTorch (it runs under torch.no_grad), which this sampler needs')
        x0 = y if (u == 0 and v == 1) else u * xv + v * y
        (grad,) = torch.autograd.grad(loss(x0), xv)
    return x0.detach(), grad


def sum_of_norms(v):
    """Σ_rows ‖v_row‖ (with 1e-20 under the root, as the lab's sumOfNorms)."""
    return (v.reshape(v.shape[0], -1).square().sum(1) + 1e-20).sqrt().sum()


def dps(ctx, predictor, schedule, xT, meas, zeta):
    """DPS (Chung et al. 2023, Algorithm 1): a DDPM step, then −2ζ′∇_{x_i}Σ‖y − A x̂_0‖ (per sample ζ_i = ζ′/‖·‖)."""
    betas, ab_all, T = vp_chain(schedule, 'DPS')

    def step(x, k):
        i = T - k
        ab, ab_prev, beta = ab_all[i], ab_all[i - 1], betas[i]
        a, s = math.sqrt(ab), math.sqrt(1 - ab)
        c1 = (math.sqrt(1 - beta) * (1 - ab_prev)) / (1 - ab)
        c2 = (math.sqrt(ab_prev) * beta) / (1 - ab)
        sigma = math.sqrt(max((beta * (1 - ab_prev)) / (1 - ab), 0))
        if meas:
            op, y = meas
            x0, grad = x0_and_gradient(predictor, x, a, s, lambda x0: sum_of_norms(y - op.apply(x0)))
        else:
            x0, grad = read_as(predictor, x, a, s, 'x0'), None
        out = x * c1 + x0 * c2
        if i > 1 and sigma > 0:
            out = out + noise_like(xT, ctx.seed, k) * sigma
        return out if grad is None else out + grad * (-2 * zeta)

    return {**run_steps(xT, T, lambda k: (T - k) / T, 't', step), 'nfe': T}


def pigdm_weight(weighting, a, s, r2):
    """pigdmWeight: c_t of x̂_0,y = x̂_0 + w·c_t·g, 'paper' √ᾱ_t·r_t² (Algorithm 1), 'tweedie' s²/a."""
    return a * r2 if weighting == 'paper' else (s * s) / a


def pigdm(ctx, predictor, schedule, xT, meas, steps, eta, guidance, weighting='tweedie'):
    """ΠGDM (Song et al. 2023): DDIM with x̂_0,y = x̂_0 + w·c_t·g, g = −∇_x ½Σ_j q_j²/(r²σ_j² + σ_y²), q = Uᵀy − S Vᵀx̂_0."""
    _, ab_all, T = vp_chain(schedule, 'ΠGDM')
    if steps > T:
        raise NodeError(f'schedule: steps ({steps}) exceeds the schedule’s T = {T}: ΠGDM visits a sub-sequence of the chain')
    svd = operator_svd(meas[0], 'ΠGDM') if meas else None
    if meas:
        op, y = meas
        m = y[0].numel()
        uty = svd.ut(y)
        s_m = torch.as_tensor(svd.singular[:m], device=xT.device)
    idx = ddim_indices(T, steps, 'leading') + [0]

    def step(x, k):
        ab, ab_prev = ab_all[idx[k]], ab_all[idx[k + 1]]
        a, s, a_prev = math.sqrt(ab), math.sqrt(1 - ab), math.sqrt(ab_prev)
        sigma = ddim_sigma(ab, ab_prev, eta)
        direction = math.sqrt(max(1 - ab_prev - sigma * sigma, 0))
        r2 = (s * s) / (a * a + s * s)
        if meas:
            w = torch.where(s_m > 0, 1 / (r2 * s_m * s_m + op.sigma_y * op.sigma_y), torch.zeros_like(s_m))

            def loss(x0):
                q = uty - svd.vt(x0)[:, :m] * s_m
                return (q.square() * w).sum() * 0.5

            x0, grad = x0_and_gradient(predictor, x, a, s, loss)
            x0 = x0 + grad * (-guidance) * pigdm_weight(weighting, a, s, r2)
        else:
            x0 = read_as(predictor, x, a, s, 'x0')
        eps_y = (x - x0 * a) / s
        out = x0 * a_prev + eps_y * direction
        return out + noise_like(xT, ctx.seed, k) * sigma if sigma > 0 else out

    return {**run_steps(xT, steps, lambda k: idx[k] / T, 't', step), 'nfe': steps}


def ddrm_coefficients(singular, sigma_y, sigma, sigma_next, eta, eta_b):
    """ddrmCoefficients (Kawar et al. 2022, eqs. (7)–(8)): per spectral coordinate (c_0, c_t, c_y, c_ε), float32 as the lab's."""
    d = len(singular)
    c0, ct, cy, ce = ([0.0] * d for _ in range(4))
    keep = math.sqrt(1 - eta * eta)
    for j, sj in enumerate(float(v) for v in singular):
        if not sj > 0:
            c0[j], ct[j], ce[j] = 1 - (keep * sigma_next) / sigma, (keep * sigma_next) / sigma, eta * sigma_next
            continue
        tau = sigma_y / sj
        if sigma_next < tau:
            c0[j], cy[j], ce[j] = 1 - (keep * sigma_next) / tau, (keep * sigma_next) / tau, eta * sigma_next
        else:
            c0[j], cy[j], ce[j] = 1 - eta_b, eta_b, math.sqrt(max(sigma_next * sigma_next - eta_b * eta_b * tau * tau, 0))
    return [torch.tensor(c, dtype=torch.float32) for c in (c0, ct, cy, ce)]


def ddrm(ctx, predictor, schedule, xT, meas, steps, eta, eta_b):
    """DDRM in A's spectral space (x̄ = Vᵀx, ȳ = S⁺Uᵀy) on the DDIM leading sub-sequence, with the official initialisation."""
    _, ab_all, T = vp_chain(schedule, 'DDRM')
    if steps > T:
        raise NodeError(f'schedule: steps ({steps}) exceeds the schedule’s T = {T}: DDRM visits a sub-sequence of the chain')
    svd = operator_svd(meas[0], 'DDRM') if meas else no_svd(list(xT.shape[1:]))
    sigma_y = meas[0].sigma_y if meas else 0.0
    idx = ddim_indices(T, steps, 'leading') + [0]
    level = lambda i: (math.sqrt(ab_all[i]), math.sqrt(1 - ab_all[i]) / math.sqrt(ab_all[i]))
    d, N, dev = len(svd.singular), xT.shape[0], xT.device
    sing = [float(v) for v in svd.singular]
    if meas:
        uty = svd.ut(meas[1])
        m = uty.shape[1]
        inv = torch.tensor([1 / v if v > 0 else 0.0 for v in sing[:m]], dtype=torch.float32, device=dev)
        seen = uty * inv
        y_bar = torch.cat([seen, torch.zeros(N, d - m, device=dev)], 1) if m < d else seen
    else:
        y_bar = torch.zeros(N, d, device=dev)
    a0, sig0 = level(idx[0])
    cy = [1.0 if v > 0 and v * sig0 > sigma_y else 0.0 for v in sing]
    ce = [math.sqrt(max(sig0 ** 2 - (sigma_y / v) ** 2, 0)) if cy[j] else sig0 for j, v in enumerate(sing)]
    t32 = lambda c: torch.tensor(c, dtype=torch.float32, device=dev)
    x_start = svd.v(y_bar * t32(cy) + svd.vt(xT) * t32(ce)) * a0

    def step(x, k):
        a, sigma = level(idx[k])
        a_next, sigma_next = (1.0, 0.0) if idx[k + 1] == 0 else level(idx[k + 1])
        c0, ct, cyk, cek = (c.to(dev) for c in ddrm_coefficients(svd.singular, sigma_y, sigma, sigma_next, eta, eta_b))
        x0 = read_as(predictor, x, a, a * sigma, 'x0')
        bar = svd.vt(x0) * c0 + svd.vt(x / a) * ct + y_bar * cyk + noise_like(y_bar, ctx.seed, k) * cek
        return svd.v(bar) * a_next

    return {**run_steps(x_start, steps, lambda k: idx[k] / T, 't', step), 'nfe': steps}


def repaint_indices(T, jump, resamples):
    """repaintIndices: T, then the official get_schedule_jump's walk down with jumps back up j levels (r − 1 times each)."""
    left = {tau: resamples - 1 for tau in range(0, T - jump, jump)}
    taus, tau = [], T
    while tau >= 1:
        tau -= 1
        taus.append(tau)
        if left.get(tau, 0) > 0:
            left[tau] -= 1
            for _ in range(jump):
                tau += 1
                taus.append(tau)
    return [T] + taus


def operator_mask(op):
    """The mask m of an inpainting operator (A x = m ⊙ x, m ∈ {0, 1}), read off as A·1 and checked on a probe."""
    in_shape, out_shape = operator_shapes(op)
    refuse = NodeError(f'operator: RePaint needs an inpainting mask (A x = m ⊙ x); {op.name} is not one')
    if in_shape != out_shape:
        raise refuse
    dev = op.A.device if hasattr(op, 'A') else op.mask.device
    ones = torch.ones(1, *in_shape, device=dev)
    m = op.apply(ones)
    probe = torch.arange(1, ones.numel() + 1, dtype=torch.float32, device=dev).reshape(ones.shape)
    if not (bool(((m == 0) | (m == 1)).all()) and bool((op.apply(probe) == m * probe).all())):
        raise refuse
    return m[0]


def repaint(ctx, predictor, schedule, xT, meas, jump, resamples):
    """RePaint (Lugmayr et al. 2022): DDPM (posterior variance) on unknown entries, y noised to the level on known ones, jumps back."""
    betas, ab_all, T = vp_chain(schedule, 'RePaint')
    mask = operator_mask(meas[0]) if meas else None
    seq = repaint_indices(T, jump, resamples)

    def step(x, k):
        frm, to = seq[k], seq[k + 1]
        if to > frm:
            return x * math.sqrt(1 - betas[to]) + noise_like(xT, ctx.seed, k) * math.sqrt(betas[to])
        unknown = ddpm_update(predictor, x, betas[frm], ab_all[frm], ab_all[to], 'posterior', noise_like(xT, ctx.seed, k) if to > 0 else None)
        if mask is None:
            return unknown
        y = meas[1]
        known = y * math.sqrt(ab_all[to]) + noise_like(xT, ctx.seed, k, 1) * math.sqrt(1 - ab_all[to]) if to > 0 else y
        return known * mask + unknown * (1 - mask)

    nfe = sum(1 for k in range(1, len(seq)) if seq[k] < seq[k - 1])
    return {**run_steps(xT, len(seq) - 1, lambda k: seq[k] / T, 't', step), 'nfe': nfe}
