# requires: models/vae, train_adam, train_ddp, train_loop, lab_random, mnist
# train/vae (nodes/train/vae.ts): the negative ELBO with Adam over a fixed set: n images drawn once
# from a distribution (derive_seed(seed, 1)) or a tensor used whole; epoch e walks the permutation of
# derive_seed(seed, 2, e) in batches (the last short batch dropped); step k draws ε of the latent
# ~ N(0, I) from derive_seed(seed, 3, k); loss = reconstruction + β·KL per image (models/vae.py).
# Series against epochs: ELBO = −(reconstruction + KL), reconstruction, KL (nats per image).
import copy

import torch

from lab_random import derive_seed, fill_normal  # (inlined in graph.py)
from mnist import permutation  # (inlined in graph.py)
from train_adam import LabAdam  # (inlined in graph.py)
from train_ddp import average_metrics, data_parallel, rank_seed  # (inlined in graph.py)
from train_loop import save_trained, train_loop  # (inlined in graph.py)


def epoch_permutation(N, seed, epoch):
    return torch.tensor(permutation(N, derive_seed(seed, 2, epoch)), dtype=torch.long)


class VaeObjective(torch.nn.Module):
    def __init__(self, vae, beta):
        super().__init__()
        self.vae, self.beta = vae, beta

    def forward(self, x, eps):
        return torch.stack(self.vae.loss(x, eps, self.beta))


def train_vae(ctx, model, data, params):
    p = dict(params)
    if model.config['kind'] != 'vae':
        raise ValueError('model: expected a VAE (model/vae)')
    c = model.config
    D = c['height'] * c['width']
    seed = rank_seed(ctx.seed)
    if isinstance(data, torch.Tensor):
        x_set = data.reshape(data.shape[0], -1)
        if x_set.shape[1] != D:
            raise ValueError(f"data: images have dimension {x_set.shape[1]}, the model was made for {D}")
    else:
        if data.dim != D:
            raise ValueError(f"data: images have dimension {data.dim}, the model was made for {D}")
        x_set = data.sample(p['n'], derive_seed(seed, 1))
    x_set = x_set.to(ctx.device)
    N = x_set.shape[0]
    batch = min(p['batch'], N)
    per_epoch = N // batch
    steps = int(ctx.steps or p['epochs'] * per_epoch)
    net = copy.deepcopy(model).to(ctx.device)
    objective = data_parallel(VaeObjective(net, p['beta']), ctx.device)
    adam = LabAdam(net, p['lr'])
    state = {}

    def step(k):
        j = k % per_epoch
        if j == 0 or 'order' not in state:
            state['order'] = x_set[epoch_permutation(N, seed, k // per_epoch).to(ctx.device)]
        x = state['order'][j * batch:(j + 1) * batch]
        eps = torch.from_numpy(fill_normal(batch * c['latentDim'], derive_seed(seed, 3, k)).reshape(batch, c['latentDim'])).to(ctx.device)
        with torch.enable_grad():
            for q in adam.params:
                q.grad = None
            terms = objective(x, eps)
            terms[0].backward()
        adam.step()
        rec, kl = terms[1].detach(), terms[2].detach()
        return average_metrics(torch.stack([-(rec + kl), rec, kl]))

    elbo, rec, kl = train_loop(ctx, steps, ['ELBO', 'reconstruction', 'KL'], step, 'epoch', 'nats per image', x_scale=1 / per_epoch)
    save_trained(ctx, net, {'elbo': elbo, 'reconstruction': rec, 'kl': kl})
    return {'model': net, 'elbo': elbo, 'reconstruction': rec, 'kl': kl}
