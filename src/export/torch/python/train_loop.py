# requires: safetensors, runtime, train_ddp, models/model_file
# The loop every training node shares (nodes/lib/nn/train-loop.ts): `steps` optimisation steps, each
# step's metrics averaged over blocks of ⌈steps/500⌉ steps into at most 500 points per series (the
# lab's series output), and checkpoints in the lab's format (src/cli/checkpoints.ts): a safetensors
# file with θ, adam.m, adam.v (and adam.avg) as flat F32 vectors in the lab's layout, and in
# __metadata__ the format, the model config, the recipe (the node's params and seed), the loop's
# progress {step, sums, counts} and adam.t. A run continued from a checkpoint, here or in the lab,
# draws the same batches and noise at every step (each is seeded by the step index).
import json
import math
import os
import time

import numpy as np
import torch

from safetensors import read_safetensors, write_safetensors  # (inlined in graph.py)
from runtime import Series  # (inlined in graph.py)
from train_ddp import is_main_rank, world  # (inlined in graph.py)
from model_file import save_model_file  # (inlined in graph.py)

CHECKPOINT_FORMAT = 'diffusion-graph-lab/checkpoint'


def recipe_of(params, seed):
    """recipeOf (train-checkpoints.ts): the node's params (keys sorted) and seed as JSON."""
    return json.dumps({'params': {k: params[k] for k in sorted(params)}, 'seed': int(seed)}, separators=(',', ':'))


def recipe_difference(saved, current):
    a, b = json.loads(saved), json.loads(current)
    if a['seed'] != b['seed']:
        return f"seed {a['seed']}, this run {b['seed']}"
    for k, v in a['params'].items():
        if v != b['params'].get(k):
            return f"{k} = {json.dumps(v)}, this run {json.dumps(b['params'].get(k))}"
    return None


def read_checkpoint(path):
    """The training state of a lab checkpoint file: config, recipe, loop, theta {variable: vector}, adam state."""
    tensors, meta = read_safetensors(path)
    if meta.get('format') != CHECKPOINT_FORMAT:
        raise ValueError(f"{path}: not a training checkpoint (__metadata__.format is {meta.get('format')!r})")
    for name in ('theta', 'adam.m', 'adam.v'):
        if name not in tensors:
            raise ValueError(f"{path}: tensor '{name}' is missing")
    t = int(meta['adam.t'])
    adam = {'m': {'theta': tensors['adam.m']}, 'v': {'theta': tensors['adam.v']}, 't': t}
    if 'adam.avg' in tensors:
        adam['avg'] = {'theta': tensors['adam.avg']}
    return {'config': json.loads(meta['config']), 'recipe': meta['recipe'], 'loop': json.loads(meta['loop']),
            'theta': {'theta': tensors['theta']}, 'adam': adam}


def write_checkpoint(path, model, adam, loop, recipe):
    """The lab's checkpoint of (model, adam, loop): F32, written to <path>.tmp then renamed."""
    theta = model.lab_variable_arrays()
    if list(theta) != ['theta']:
        raise ValueError(f"checkpoints hold one weight vector; a {model.config['kind']} has {list(theta)}")
    state = adam.lab_state()
    tensors = {'theta': theta['theta'], 'adam.m': state['m']['theta'], 'adam.v': state['v']['theta']}
    if 'avg' in state:
        tensors['adam.avg'] = state['avg']['theta']
    meta = {'format': CHECKPOINT_FORMAT, 'config': json.dumps(model.config, separators=(',', ':')), 'recipe': recipe,
            'loop': json.dumps(loop, separators=(',', ':')), 'adam.t': str(state['t'])}
    write_safetensors(path, tensors, meta, 'F32')


def train_loop(ctx, steps, metrics, step, x_label, y_label, x_scale=1.0, model=None, adam=None, recipe=None, max_points=500):
    """Run step(k) for k = start…steps−1 (each returns a 1-D tensor of the metrics) and return one Series per metric.
    With --resume/--checkpoint naming this node (ctx.args), continue from / save the lab's checkpoint."""
    m = len(metrics)
    block = math.ceil(steps / max_points)
    blocks = math.ceil(steps / block)
    sums = np.zeros(blocks * m, dtype=np.float64)
    counts = np.zeros(blocks, dtype=np.int64)
    start = 0
    resume = checkpoint_path(ctx, 'resume')
    save_to = checkpoint_path(ctx, 'checkpoint') or resume
    if resume and os.path.exists(resume):
        state = read_checkpoint(resume)
        differs = recipe_difference(state['recipe'], recipe)
        if differs:
            raise ValueError(f"the checkpoint of '{ctx.node}' was made by another recipe ({differs}): resume with the recipe that made it")
        if json.dumps(state['config'], sort_keys=True) != json.dumps(model.config, sort_keys=True):
            raise ValueError(f"the checkpoint of '{ctx.node}' holds a different network ({json.dumps(state['config'])[:200]})")
        model.load_lab_variables(state['theta'], resume)
        adam.restore_lab(state['adam'], resume)
        loop = state['loop']
        if len(loop['sums']) != sums.size or len(loop['counts']) != counts.size:
            raise ValueError(f"the saved training curve has {len(loop['counts'])} blocks, this run {blocks}: resume with the same number of steps")
        sums[:], counts[:], start = loop['sums'], loop['counts'], int(loop['step'])
        say(ctx, f"  {ctx.node}: continuing from {resume} at step {start}")
    every = getattr(ctx.args, 'checkpoint_every', 100) or 100
    t0, last_print = time.time(), time.time()
    for k in range(start, steps):
        values = step(k).detach().double().cpu().numpy()
        b = k // block
        counts[b] += 1
        sums[b * m:(b + 1) * m] += values
        if save_to and is_main_rank() and ((k + 1) % every == 0 or k + 1 == steps):
            write_checkpoint(save_to, model, adam, {'step': k + 1, 'sums': sums.tolist(), 'counts': counts.tolist()}, recipe)
            say(ctx, f"  {ctx.node}: checkpoint at step {k + 1} → {save_to}")
        if time.time() - last_print > 10:
            last_print = time.time()
            say(ctx, f"  {ctx.node}: step {k + 1}/{steps}, {metrics[0]} {values[0]:.4g}, {(time.time() - t0) / (k + 1 - start):.3f} s a step")
    done = math.ceil(steps / block) if steps else 0
    xs = [min((b + 1) * block, steps) * x_scale for b in range(done)]
    return [Series(name, x_label, y_label, xs, [sums[b * m + i] / counts[b] if counts[b] else float('nan') for b in range(done)]) for i, name in enumerate(metrics)]


def checkpoint_path(ctx, option):
    """The file --<option> <node>=<file> names for this node (or a bare --<option> <file> when one node trains)."""
    for entry in getattr(ctx.args, option, None) or []:
        node, sep, path = entry.partition('=')
        if sep and node == ctx.node:
            return path
        if not sep:
            return entry
    return None


def say(ctx, line):
    if is_main_rank():
        print(line, flush=True)


def save_trained(ctx, net, series):
    """<out>/weights/<node>.safetensors: the trained network as a lab model file with its curves in
    __metadata__.series; the lab's `--load-weights <node>=<file>` (and the editor's Load weights…) read it."""
    folder = os.path.join(ctx.out, 'weights')
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f'{ctx.node}.safetensors')
    rank, size = world()
    curves = {port: {'name': s.name, 'xLabel': s.x_label, 'yLabel': s.y_label, 'x': s.x, 'y': s.y} for port, s in series.items()}
    save_model_file(net, path, 'F32', {'source': f'graph.py#{ctx.node}', 'rank': str(rank), 'worldSize': str(size), 'series': json.dumps(curves)})
    return path
