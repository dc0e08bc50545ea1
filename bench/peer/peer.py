"""The PyTorch peer of `npm run bench`: the same DDPM sampling and the same DSM training as the
tfjs cases, in PyTorch on one CPU thread. Prints one JSON object on stdout.

    python3 bench/peer/peer.py --n 4096 --ddpm-steps 1000 --train-steps 2000 --batch 512 --runs 3 --warmup 1

Each case: `warmup` untimed runs, then `runs` timed runs; wall time (perf_counter) and this
process's CPU time (process_time) per run. The formulas are those of bench/hand/*.ts and of
bench/peer/README in bench/README.md; nothing here is imported from the project.
"""
import argparse
import json
import math
import sys
import time

import torch

from dsm import train as dsm_train
from eight_gaussians import mode_distance, score_combination
import unet


def linear_chain(T, beta_start=1e-4, beta_end=0.02):
    """β_0…β_T and ᾱ_0…ᾱ_T (index 0: β = 0, ᾱ = 1) of the linear schedule, in float64."""
    beta = [0.0] + [beta_start + (beta_end - beta_start) * (t - 1) / max(T - 1, 1) for t in range(1, T + 1)]
    alpha_bar = [1.0]
    for t in range(1, T + 1):
        alpha_bar.append(alpha_bar[-1] * (1 - beta[t]))
    return beta, alpha_bar


@torch.inference_mode()
def ddpm_sample(n, T, seed):
    """x_{t−1} = (x_t + β_t ∇log p_t(x_t))/sqrt(α_t) + σ_t z, σ_t² = β̃_t (posterior), no noise at t = 1."""
    g = torch.Generator().manual_seed(seed)
    beta, alpha_bar = linear_chain(T)
    x = torch.randn(n, 2, generator=g)
    for t in range(T, 0, -1):
        a = math.sqrt(alpha_bar[t])
        s = math.sqrt(1 - alpha_bar[t])
        root_alpha = math.sqrt(1 - beta[t])
        x = score_combination(x, a, s, 1 / root_alpha, beta[t] / root_alpha)
        if t > 1:
            sigma = math.sqrt(beta[t] * (1 - alpha_bar[t - 1]) / (1 - alpha_bar[t]))
            x = x + sigma * torch.randn(n, 2, generator=g)
    return x


def blas_libraries():
    """The BLAS/LAPACK shared libraries this process has loaded (Linux): the reference BLAS is ~10× slower than OpenBLAS."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() or "lapack" in line.lower() or "mkl" in line.lower()}
        return sorted(p for p in paths if p.startswith("/"))
    except OSError:
        return []


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    out = None
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"wall": wall, "cpu": cpu}, out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--ddpm-steps", type=int, default=1000)
    p.add_argument("--train-steps", type=int, default=2000)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--train-runs", type=int, default=None)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--unet-train-steps", type=int, default=3)
    p.add_argument("--unet-ddim-steps", type=int, default=50)
    p.add_argument("--unet-batch", type=int, default=64)
    p.add_argument("--cases", default="ddpm,dsm")
    a = p.parse_args()
    torch.set_num_threads(1)
    cases = a.cases.split(",")
    out = {"torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads(), "cases": {}}
    if "ddpm" in cases:
        times, x = timed(lambda: ddpm_sample(a.n, a.ddpm_steps, 0), a.warmup, a.runs)
        out["cases"]["ddpm"] = {**times, "steps": a.ddpm_steps, "n": a.n, "modeDistance": mode_distance(x)}
    if "dsm" in cases:
        # Warm-up: a short run (the allocator and the kernels), not a full one.
        dsm_train(min(a.train_steps, 20), a.batch, 0)
        times, loss = timed(lambda: dsm_train(a.train_steps, a.batch, 0), 0, a.train_runs or a.runs)
        out["cases"]["dsm"] = {**times, "steps": a.train_steps, "batch": a.batch, "finalLoss": loss}
    if "unet-train" in cases:
        net, size = unet.make(0)
        step = unet.train_step_fn(net, size, a.unet_batch, 0)
        for _ in range(3):  # warm-up: the allocator, oneDNN's primitives
            step()
        times, loss = timed(lambda: [step() for _ in range(a.unet_train_steps)][-1], 0, a.train_runs or a.runs)
        params = sum(p.numel() for p in net.parameters())
        out["cases"]["unet-train"] = {**times, "steps": a.unet_train_steps, "batch": a.unet_batch, "params": params, "finalLoss": loss}
    if "unet-ddim" in cases:
        net, size = unet.make(1)
        unet.ddim(net, size, a.unet_batch, 2, 0)
        times, x = timed(lambda: unet.ddim(net, size, a.unet_batch, a.unet_ddim_steps, 0), 0, a.train_runs or a.runs)
        out["cases"]["unet-ddim"] = {**times, "steps": a.unet_ddim_steps, "n": a.unet_batch}
    out["blas"] = blas_libraries()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
