# requires: models/classifier, train_adam, train_ddp, train_loop, train_vae
# train/classifier (nodes/train/classifier.ts): mean cross-entropy with Adam over n labelled images
# drawn once (data.sample_with_labels(n, derive_seed(seed, 1))), in epochs that walk the permutation
# of derive_seed(seed, 2, e) in batches (the last short batch dropped). Series against epochs: the
# cross-entropy (nats per image) and the fraction of each batch classified right before its step.
import copy

import torch

from lab_random import derive_seed  # (inlined in graph.py)
from train_adam import LabAdam  # (inlined in graph.py)
from train_ddp import average_metrics, data_parallel, rank_seed  # (inlined in graph.py)
from train_loop import save_trained, train_loop  # (inlined in graph.py)
from train_vae import epoch_permutation  # (inlined in graph.py)


class ClassifierObjective(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x, y):
        return torch.stack(self.net.loss(x, y))


def train_classifier(ctx, model, data, params):
    p = dict(params)
    if model.config['kind'] != 'digit-classifier':
        raise ValueError('model: expected a digit classifier (model/classifier)')
    c = model.config
    draw = getattr(data, 'sample_with_labels', None)
    if draw is None:
        raise ValueError(f"data: '{getattr(data, 'name', 'the data')}' has no labels (connect data/mnist)")
    if data.dim != c['size'] ** 2:
        raise ValueError(f"data: images of {data.dim} pixels, the classifier takes {c['size']}×{c['size']}")
    seed = rank_seed(ctx.seed)
    x_set, labels = draw(p['n'], derive_seed(seed, 1))
    x_set, labels = x_set.to(ctx.device), torch.as_tensor(labels).long().to(ctx.device)
    N = x_set.shape[0]
    batch = min(p['batch'], N)
    per_epoch = N // batch
    steps = int(ctx.steps or p['epochs'] * per_epoch)
    net = copy.deepcopy(model).to(ctx.device)
    objective = data_parallel(ClassifierObjective(net), ctx.device)
    adam = LabAdam(net, p['lr'])
    state = {}

    def step(k):
        j = k % per_epoch
        if j == 0 or 'x' not in state:
            order = epoch_permutation(N, seed, k // per_epoch).to(ctx.device)
            state['x'], state['y'] = x_set[order], labels[order]
        x, y = state['x'][j * batch:(j + 1) * batch], state['y'][j * batch:(j + 1) * batch]
        with torch.enable_grad():
            for q in adam.params:
                q.grad = None
            loss, correct = objective(x, y)
            loss.backward()
        adam.step()
        return average_metrics(torch.stack([loss.detach(), correct / batch]))

    loss, accuracy = train_loop(ctx, steps, ['cross-entropy', 'accuracy'], step, 'epoch', 'nats per image · fraction right', x_scale=1 / per_epoch)
    save_trained(ctx, net, {'loss': loss, 'accuracy': accuracy})
    return {'model': net, 'loss': loss, 'accuracy': accuracy}
