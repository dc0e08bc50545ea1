# requires: models/mlp, models/conditioning
"""Twin of model/score-mlp (nodes/lib/nn/score-net.ts): F_theta([c_in(sigma) x~, emb(ln(sigma)/4)]) read
as eps, score, x0, v or flow; one flat weight vector `theta` (mlp.py), as in the lab's files."""
import torch

from lab_layout import LabModule  # (inlined in graph.py)
from mlp import LabMLP  # (inlined in graph.py)
from conditioning import c_in, embed_sigmas, output_of, per_example, sigma_column  # (inlined in graph.py)


class ScoreMLP(LabModule):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        c = self.config
        self.frequencies = [float(w) for w in c["frequencies"]]
        sizes = [c["dim"] + 2 * len(self.frequencies)] + [c["hidden"]] * c["layers"] + [c["dim"]]
        self.net = LabMLP(sizes, c["activation"], "mlp")

    def lab_variables(self):
        return {"theta": self.net.slots}

    def init_lab(self, seed):
        self.net.init_lab(seed)

    def raw(self, x_in, sigma):
        """F for network input x_in = c_in x~ [n, d] and sigma (one number or one per row)."""
        n = x_in.shape[0]
        s = sigma_column(sigma, n, x_in)
        emb = embed_sigmas(s if s.size > 1 else s[:1], self.frequencies).to(x_in.device)
        return self.net(torch.cat([x_in, emb.expand(n, -1)], dim=1))

    def forward(self, x_tilde, sigma):
        """The native prediction at scaled points x~ [n, d] and noise level sigma."""
        s = sigma_column(sigma, x_tilde.shape[0], x_tilde)
        F = self.raw(x_tilde * per_example(c_in(s), x_tilde), s)
        return output_of(self.config["output"], F, x_tilde, s)
