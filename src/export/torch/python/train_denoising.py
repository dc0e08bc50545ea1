# requires: models/model_file, models/score_predictor, train_adam, train_data, train_ddp, train_loop
# train/denoising (nodes/train/denoising.ts, nodes/lib/nn/dsm.ts): denoising score matching with Adam,
# step k drawing the lab's own batch, noise ε ~ N(0, I) (derive_seed(seed, 2, k)) and levels σ_i
# (derive_seed(seed, 3, k)), on x̃ = x₀ + σε:
#   L(θ) = Σ_i w(σ_i)|F_i − T_F,i|²/(B d),   F the raw output at c_in(σ)·x̃,
#   T_F = ε (eps), −ε (score), c_in(σx₀ − ε) (x0), (ε − σx₀)/√(1+σ²) (v), ε − x₀ (flow),
#   w(σ) = λ_T(σ)·|e_T|²/|e_ε|² / (|F − T_F|²/|e_ε|²), λ ∈ {1, σ², min-SNR-5}   (the lab's residualWeight);
# the learning rate warms up as α·min(1, (k+1)/warmup); EMA δ: the output holds θ̄/(1 − δᵗ). A class-
# conditional U-Net trains on the batch's labels, each dropped to the null class 10 with probability
# pUncond (uniforms of derive_seed(seed, 4, k)).
import copy
import math

import numpy as np
import torch

from score_predictor import score_net_predictor  # (inlined in graph.py)
from conditioning import c_in, embed_sigmas  # (inlined in graph.py)
from train_adam import LabAdam  # (inlined in graph.py)
from train_data import BatchSource, dropped_labels, sigma_sampler, training_data  # (inlined in graph.py)
from train_ddp import average_metrics, data_parallel, rank_seed  # (inlined in graph.py)
from train_loop import recipe_of, save_trained, train_loop  # (inlined in graph.py)
from lab_random import derive_seed, fill_normal  # (inlined in graph.py)

MIN_SNR_GAMMA = 5


def _error_ratio(r, sigma):
    s2 = sigma * sigma
    if r == 'eps':
        return 1.0
    if r == 'score':
        return 1 / s2
    if r == 'x0':
        return s2
    return 1 + s2 if r == 'v' else (1 + sigma) * (1 + sigma)


def residual_weight(sigma, output, target, weighting):
    """w(σ) in L = mean_i w(σ_i)|F_i − T_F,i|²/d (dsm.ts residualWeight)."""
    s2 = sigma * sigma
    eps_weight = min(1.0, MIN_SNR_GAMMA * s2) if weighting == 'snr' else (s2 if weighting == 'sigma2' else 1.0) * _error_ratio(target, sigma)
    raw = 1.0 if output in ('eps', 'score') else (1 + s2 if output == 'x0' else _error_ratio(output, sigma))
    return eps_weight / raw


def raw_target(output, x0, eps, sigmas):
    """T_F of each raw output (dsm.ts rawResidual: F − T_F)."""
    col = lambda f: torch.tensor([f(float(s)) for s in sigmas], dtype=torch.float32, device=x0.device).reshape(-1, 1)
    if output == 'eps':
        return eps
    if output == 'score':
        return -eps
    if output == 'flow':
        return eps - x0
    if output == 'v':
        return eps * col(lambda s: 1 / math.sqrt(1 + s * s)) - x0 * col(lambda s: s / math.sqrt(1 + s * s))
    return x0 * col(lambda s: s * c_in(s)) - eps * col(lambda s: c_in(s))


def training_params(p, conditional):
    """The params that make a run's numbers (trainingParams, the checkpoint's recipe): pUncond only when a
    class-conditional net uses it, never previewEvery (the lab's preview grids; graph.py draws none)."""
    return {k: v for k, v in p.items() if k != 'previewEvery' and (k != 'pUncond' or conditional)}


class RawNet(torch.nn.Module):
    """The raw output F [B, d] of a score network at rows c_in·x̃ and per-example σ (what DDP wraps)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x_in, sigmas, labels=None):
        if self.net.config['kind'] == 'unet':
            features = embed_sigmas(sigmas, self.net.frequencies).to(x_in.device)
            F = self.net.raw(self.net.to_nchw(x_in), features, None if labels is None else labels.to(x_in.device))
            return F.permute(0, 2, 3, 1).reshape(x_in.shape)
        return self.net.raw(x_in, sigmas)


def dsm_loss(raw_net, output, x0, eps, sigmas, target, weighting, labels=None):
    B, d = x0.shape
    col = lambda values: torch.tensor(values, dtype=torch.float32, device=x0.device).reshape(-1, 1)
    x_in = (x0 + eps * col(sigmas)) * col([c_in(float(s)) for s in sigmas])
    r = raw_net(x_in, sigmas, labels) - raw_target(output, x0, eps, sigmas)
    w = col([2 * residual_weight(float(s), output, target, weighting) / (B * d) for s in sigmas])
    return 0.5 * (w * r * r).sum()


def train_denoising(ctx, model, data, schedule, params):
    """Train a copy of `model`; returns {model, predictor, loss} as the lab's node. ctx.steps overrides params['steps']."""
    p = dict(params)
    steps = int(ctx.steps or p['steps'])
    kind = model.config['kind']
    if kind not in ('score-mlp', 'unet'):
        raise ValueError('model: expected a score network (model/score-mlp or model/unet)')
    c = model.config
    dim = c['height'] * c['width'] * c['channels'] if kind == 'unet' else c['dim']
    data = training_data(data, dim, 'images' if kind == 'unet' else 'points')
    net = copy.deepcopy(model).to(ctx.device)
    raw_net = data_parallel(RawNet(net), ctx.device)
    adam = LabAdam(net, p['lr'], average=p['ema'])
    seed = rank_seed(ctx.seed)
    conditional = kind == 'unet' and c['classes'] > 0
    batches = BatchSource(data, p['batch'], derive_seed(seed, 1), ctx.device, labelled=conditional)
    draw_sigmas = sigma_sampler(schedule)
    B = p['batch']

    def step(k):
        x0 = batches.next(k)
        eps = torch.from_numpy(fill_normal(B * dim, derive_seed(seed, 2, k)).reshape(B, dim)).to(ctx.device)
        sigmas = draw_sigmas(B, derive_seed(seed, 3, k))
        with torch.enable_grad():
            for q in adam.params:
                q.grad = None
            labels = dropped_labels(batches.labels(k), p.get('pUncond', 0.1), derive_seed(seed, 4, k)) if conditional else None
            loss = dsm_loss(raw_net, c['output'], x0, eps, sigmas, p['target'], p['weighting'], labels)
            loss.backward()
        adam.step(min(1.0, (k + 1) / p['warmup']) if p['warmup'] > 0 else 1.0)
        return average_metrics(loss.detach().reshape(1))

    [loss] = train_loop(ctx, steps, ['DSM loss'], step, 'step', 'loss', model=net, adam=adam, recipe=recipe_of(training_params({**p, 'steps': steps}, conditional), ctx.seed))
    if p['ema'] > 0:
        with torch.no_grad():
            for q, avg in adam.averaged().items():
                q.copy_(avg)
    save_trained(ctx, net, {'loss': loss})
    return {'model': net, 'predictor': score_net_predictor(net), 'loss': loss}
