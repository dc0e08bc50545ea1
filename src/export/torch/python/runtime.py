# requires: lab_random
# The script's frame: command line, per-node context (seed, device, generator), the run of the
# nodes in dependency order, and the output files in the lab's CLI layout (src/cli/run.ts):
# <node>.<port>.npy (float32, NumPy format 1.0) for every tensor output, and summary.json.
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

from lab_random import node_seed, normal  # (inlined in graph.py)


class Ctx:
    """What a node function gets besides its inputs: its seed, the device, the command line's --steps."""

    def __init__(self, args, node_id, param_seed):
        self.node = node_id
        self.graph_seed = args.seed
        self.seed = node_seed(args.seed, param_seed)
        self.device = torch.device(args.device)
        self.steps = args.steps
        self.out = args.out
        self.args = args

    def child(self, node_id, param_seed):
        """A loop body node's context: its seed is nodeSeed(the loop's seed, its own seed param), as src/engine/body.ts."""
        c = Ctx(self.args, f'{self.node}/{node_id}', param_seed)
        c.seed = node_seed(self.seed, param_seed)
        return c

    def normal(self, shape, seed=None):
        """The lab's normal(shape, seed) (lab_random.py): the same numbers as the lab's node draws."""
        return torch.from_numpy(normal(tuple(int(s) for s in shape), self.seed if seed is None else seed)).to(self.device)

    def tensor(self, values):
        return torch.as_tensor(np.asarray(values, dtype=np.float32), device=self.device)


class Series:
    """A curve on a 'series' port (the lab's Series): name, axis labels, x and y (no .npy is written for it, as in the lab)."""

    def __init__(self, name, x_label, y_label, x, y):
        self.name, self.x_label, self.y_label, self.x, self.y = name, x_label, y_label, list(x), list(y)

    def describe(self):
        return f'{self.name}: {len(self.y)} points'


class NodeError(Exception):
    """A node refused its input: the message names the node and the port, as the lab's NodeRunError does."""


# Helpers that need command-line options or must act before the nodes run (training: --resume,
# --nproc, --distributed; see train_ddp.py) register here: ARG_HOOKS get the parser, START_HOOKS
# (args, argv) may return an exit status to end the run (a launcher that ran the ranks itself).
ARG_HOOKS = []
START_HOOKS = []


def parse_args(graph, argv=None):
    p = argparse.ArgumentParser(description=f"{graph['name']}: exported from Diffusion Graph Lab.")
    p.add_argument('--out', required=True, help='folder for <node>.<port>.npy and summary.json')
    p.add_argument('--seed', type=int, default=graph['seed'], help=f"graph seed (the file's: {graph['seed']})")
    p.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N')
    p.add_argument('--steps', type=int, default=None, help='training nodes run this many steps instead of their param')
    for add in ARG_HOOKS:
        add(p)
    return p.parse_args(argv)


def write_npy(path, value):
    """float32 .npy as the lab writes it (np.save: format 1.0, little-endian '<f4')."""
    np.save(path, np.ascontiguousarray(value.detach().to('cpu', torch.float32).numpy()).astype('<f4'))


def _frames(value):
    return getattr(value, 'frames', None) if not isinstance(value, torch.Tensor) else None


def summarize(value):
    if isinstance(value, torch.Tensor):
        return {'shape': list(value.shape)}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {'value': float(value)}
    frames = _frames(value)
    if isinstance(frames, torch.Tensor):
        return {'shape': list(frames.shape)}
    describe = getattr(value, 'describe', None)
    return {'text': describe()} if callable(describe) else {}


def scalar_of(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.reshape(-1)[0])
    return None


def check_assertion(a, outputs):
    """checkAssertion (src/engine/assertions.ts): a scalar port against lt / gt / le / ge bounds."""
    where = f"{a['node']}.{a['port']}"
    value = scalar_of(outputs.get(a['port'])) if outputs is not None else None
    if value is None:
        return {**a, 'value': None, 'ok': False, 'message': f'{where} is not a scalar or did not run'}
    tests = {'lt': lambda v, b: v < b, 'gt': lambda v, b: v > b, 'le': lambda v, b: v <= b, 'ge': lambda v, b: v >= b}
    failed = [f'{k} {a[k]}' for k, t in tests.items() if k in a and not t(value, a[k])]
    claim = f" ({a['claim']})" if a.get('claim') else ''
    msg = f'{where} = {value} is not {" and ".join(failed)}{claim}' if failed else f'{where} = {value} holds{claim}'
    return {**a, 'value': value, 'ok': not failed, 'message': msg}


def run_graph(graph, nodes, argv=None):
    """Run `nodes` ([(id, type, function, {port: (source, source port)}, param seed)], in dependency order)
    and write the outputs; the exit code is the lab CLI's: 0 done, 1 a node failed or an assertion does not hold."""
    args = parse_args(graph, argv)
    for hook in START_HOOKS:
        code = hook(args, sys.argv[1:] if argv is None else argv)
        if code is not None:
            return code
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    values, entries, started = {}, {}, time.time()
    status, error = 'done', None
    for node_id, node_type, fn, inputs, param_seed in nodes:
        t0 = time.time()
        try:
            kwargs = {port: values[src][src_port] for port, (src, src_port) in inputs.items()}
            with torch.no_grad():
                values[node_id] = fn(Ctx(args, node_id, param_seed), **kwargs) or {}
        except Exception as e:  # noqa: BLE001 - reported like the lab's node errors, then the run stops
            status, error = 'error', {'node': node_id, 'message': f'{node_id}: {e}'}
            entries[node_id] = {'type': node_type, 'status': 'error', 'message': str(e)}
            print(f'  {node_id}: error: {e}')
            break
        seconds = time.time() - t0
        print(f'  {node_id}: done in {seconds:.2f} s')
        outputs = {}
        for port, value in values[node_id].items():
            outputs[port] = summarize(value)
            tensor = value if isinstance(value, torch.Tensor) else _frames(value)
            if isinstance(tensor, torch.Tensor):
                write_npy(os.path.join(args.out, f'{node_id}.{port}.npy'), tensor)
        entries[node_id] = {'type': node_type, 'status': 'done', 'seconds': seconds, 'outputs': outputs}
    assertions = [check_assertion(a, values.get(a['node'])) for a in graph['assertions']] if status == 'done' else []
    for a in assertions:
        print(('ok   ' if a['ok'] else 'FAIL ') + a['message'])
    summary = {'graph': graph['name'], 'backend': f'torch {torch.__version__} on {args.device}', 'seed': args.seed,
               'status': status, 'seconds': time.time() - started, 'error': error, 'nodes': entries, 'assertions': assertions}
    with open(os.path.join(args.out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2, allow_nan=True)
    held = sum(a['ok'] for a in assertions)
    print(f"{graph['name']}: {status}, {summary['seconds']:.2f} s on {summary['backend']}; {held} of {len(assertions)} assertions hold")
    return 0 if status == 'done' and held == len(assertions) else 1
