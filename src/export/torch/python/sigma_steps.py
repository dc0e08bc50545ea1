# requires: predictors, ode
# Steps of the σ-grid samplers (nodes/lib/sampling/sigma-steps.ts) on the VE path a = 1, s = σ, where
# the probability-flow ODE is dx/dσ = (x − x̂_0(x; σ))/σ (Karras et al. 2022, eq. (3)).
import math

from predictors import affine_update  # (inlined in graph.py)
from ode import edm_drift, euler_step, heun_step  # (inlined in graph.py)


def ancestral_sigmas(sigma, sigma_next, eta):
    """k-diffusion's get_ancestral_step: σ_up = min(σ_next, η·sqrt(σ_next²(σ² − σ_next²)/σ²)), σ_down² = σ_next² − σ_up²."""
    if eta == 0 or sigma_next == 0:
        return sigma_next, 0.0
    up = min(sigma_next, eta * math.sqrt(sigma_next * sigma_next * (sigma * sigma - sigma_next * sigma_next) / (sigma * sigma)))
    return math.sqrt(sigma_next * sigma_next - up * up), up


def euler_ancestral_update(p, x, sigma, sigma_next, eta, s_noise, z):
    """x' = (σ_down/σ)·x + (1 − σ_down/σ)·x̂_0 + S_noise·σ_up·z."""
    down, up = ancestral_sigmas(sigma, sigma_next, eta)
    r = down / sigma
    return affine_update(p, x, 1.0, sigma, 'x0', r, 1 - r, z if up > 0 else None, s_noise * up)


def churn_gamma(sigma, steps, sChurn, sTmin, sTmax):
    """γ_i = min(S_churn/N, √2 − 1) where S_tmin ≤ σ_i ≤ S_tmax, else 0."""
    return min(sChurn / steps, math.sqrt(2) - 1) if sTmin <= sigma <= sTmax else 0.0


def edm_update(p, x, sigma, sigma_next, gamma, s_noise, z):
    """EDM Algorithm 2: σ̂ = (1 + γ)σ, x̂ = x + sqrt(σ̂² − σ²)·S_noise·z, then Heun (Euler to σ = 0) from σ̂ to σ_next."""
    sigma_hat = sigma * (1 + gamma)
    x_hat = x + z * (s_noise * math.sqrt(sigma_hat * sigma_hat - sigma * sigma)) if gamma > 0 and z is not None else x
    return (euler_step if sigma_next == 0 else heun_step)(p, x_hat, edm_drift, sigma_hat, sigma_next - sigma_hat)
