# requires: lab_random, runtime
# Data-parallel training (PyTorch DistributedDataParallel). Two ways to start the ranks:
#   torchrun --nproc_per_node N graph.py --distributed …   torchrun sets RANK, WORLD_SIZE, LOCAL_RANK,
#                                                          MASTER_ADDR, MASTER_PORT; --distributed joins;
#   python3 graph.py --nproc N …                           the script starts N ranks itself with those
#                                                          variables (Debian's torchrun 1.13 fails at start
#                                                          on Python 3.11; DDP itself works).
# Backend: nccl when the device is CUDA (rank r on cuda:LOCAL_RANK), gloo on CPU. Every rank builds the
# same initial weights (the lab's seeded init), draws its own data and noise (rank 0 the lab's own
# streams, rank r > 0 the streams of derive_seed(seed, 0x7261_6e6b, r)), and DDP averages the
# gradients, so each step sees N × batch examples (batch = the node's param, per rank) and every rank
# holds the same weights after it. Rank 0 alone writes outputs, checkpoints and weights.
import os
import socket
import subprocess
import sys

import torch
import torch.distributed as dist

from lab_random import derive_seed  # (inlined in graph.py)
from runtime import ARG_HOOKS, START_HOOKS  # (inlined in graph.py)

RANK_SALT = 0x72616E6B


def is_main_rank():
    return not (dist.is_available() and dist.is_initialized()) or dist.get_rank() == 0


def world():
    """(rank, world size): (0, 1) when not distributed."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def rank_seed(seed):
    """The seed rank r draws its data and noise from: the node's own for rank 0 (so one rank is the lab's run)."""
    rank, _ = world()
    return seed if rank == 0 else derive_seed(seed, RANK_SALT, rank)


def init_distributed(args):
    """Join the process group when the script runs as one of several ranks (torchrun or --nproc)."""
    if not getattr(args, 'distributed', False) or dist.is_initialized():
        return
    cuda = str(args.device).startswith('cuda')
    if cuda:
        local = int(os.environ.get('LOCAL_RANK', os.environ.get('RANK', '0')))
        torch.cuda.set_device(local)
        args.device = f'cuda:{local}'
    dist.init_process_group('nccl' if cuda else 'gloo')


def average_metrics(values):
    """The metrics averaged over the ranks (every rank gets the same curve)."""
    if dist.is_available() and dist.is_initialized():
        values = values.detach().clone()
        dist.all_reduce(values)
        values /= dist.get_world_size()
    return values


def data_parallel(model, device):
    """The model wrapped in DDP when distributed (its forward runs through the wrapper), else itself."""
    if dist.is_available() and dist.is_initialized():
        ids = [torch.device(device).index] if str(device).startswith('cuda') else None
        return torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
    return model


def launch_ranks(nproc, argv):
    """--nproc N: run this script N times as ranks 0…N−1 of one DDP group on this machine; exit with the worst status."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    rest, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == '--nproc':
            skip = True
            continue
        if not a.startswith('--nproc='):
            rest.append(a)
    procs = []
    for rank in range(nproc):
        env = dict(os.environ, MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port), RANK=str(rank), WORLD_SIZE=str(nproc), LOCAL_RANK=str(rank), LOCAL_WORLD_SIZE=str(nproc))
        procs.append(subprocess.Popen([sys.executable, sys.argv[0], *rest, '--distributed'], env=env))
    codes = [p.wait() for p in procs]
    return max(codes, key=abs)


def training_options(p):
    """The command-line options of training nodes (registered with runtime.py's ARG_HOOKS)."""
    p.add_argument('--distributed', action='store_true', help='join a DDP group whose ranks were started by torchrun (or by --nproc)')
    p.add_argument('--nproc', type=int, default=1, help='start this many DDP ranks on this machine (gloo on CPU, nccl on CUDA)')
    p.add_argument('--resume', action='append', metavar='NODE=FILE', help="continue a training node from the lab's checkpoint FILE (and keep saving it there)")
    p.add_argument('--checkpoint', action='append', metavar='NODE=FILE', help="save the lab's checkpoint of a training node to FILE")
    p.add_argument('--checkpoint-every', type=int, default=100, help='steps between checkpoints')
    p.add_argument('--threads', type=int, default=None, help='CPU threads per process (torch.set_num_threads; default: torch\'s own)')


def start_ranks(args, argv):
    """--nproc N > 1: run the ranks and end; as a rank: join the group, ranks > 0 write under <out>/rank<r>/."""
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.nproc > 1 and not args.distributed:
        return launch_ranks(args.nproc, argv)
    init_distributed(args)
    rank, _ = world()
    if rank > 0:
        args.out = os.path.join(args.out, f'rank{rank}')
        os.makedirs(args.out, exist_ok=True)
    return None


ARG_HOOKS.append(training_options)
START_HOOKS.append(start_ranks)
