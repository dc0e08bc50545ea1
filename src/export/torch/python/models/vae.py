# requires: models/mlp, lab_random
"""Twin of model/vae (nodes/lib/nn/vae-net.ts): encoder D -> hidden -> [mu, log sigma^2] (2L), decoder
L -> hidden -> D logits l; decoded images tanh(l/2) in [-1, 1]. Two flat vectors, `encoder` and
`decoder` (mlp.py), as the lab's variables."""
import torch
import torch.nn.functional as Fn

from lab_layout import LabModule  # (inlined in graph.py)
from mlp import LabMLP  # (inlined in graph.py)
from lab_random import derive_seed  # (inlined in graph.py)


class VAE(LabModule):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        c = self.config
        D = c["height"] * c["width"]
        self.encoder = LabMLP([D, c["hidden"], 2 * c["latentDim"]], c["activation"], "encoder")
        self.decoder = LabMLP([c["latentDim"], c["hidden"], D], c["activation"], "decoder")

    def lab_variables(self):
        return {"encoder": self.encoder.slots, "decoder": self.decoder.slots}

    def init_lab(self, seed):
        self.encoder.init_lab(derive_seed(seed, 1))
        self.decoder.init_lab(derive_seed(seed, 2))

    def rows(self, x):
        D = self.config["height"] * self.config["width"]
        return x.reshape(x.shape[0], D)

    def encode(self, x):
        """(mu, logvar) [n, L] of images [n, H, W(, 1)] or rows [n, H*W]."""
        h = self.encoder(self.rows(x))
        L = self.config["latentDim"]
        return h[:, :L], h[:, L:]

    def decode_logits(self, z):
        return self.decoder(z)

    def decode(self, z):
        return torch.tanh(self.decoder(z) * 0.5)

    def loss(self, x, eps, beta):
        """(objective, reconstruction, kl) per image: Bernoulli -log p(x|z) = sum softplus(l) - p l with
        p = (x+1)/2, KL = 1/2 sum (mu^2 + sigma^2 - 1 - log sigma^2); objective = reconstruction + beta KL."""
        x = self.rows(x)
        mu, logvar = self.encode(x)
        z = mu + torch.exp(logvar * 0.5) * eps
        logits = self.decoder(z)
        p = (x + 1) * 0.5
        n = x.shape[0]
        reconstruction = (Fn.softplus(logits) - p * logits).sum() / n
        kl = ((mu * mu + torch.exp(logvar)) - (logvar + 1)).sum() * 0.5 / n
        return reconstruction + kl * beta, reconstruction, kl
