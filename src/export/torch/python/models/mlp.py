# requires: models/lab_layout, lab_random
"""The lab's MLP (nodes/lib/nn/mlp.ts): weights in one flat vector
theta = [W_1 (row-major [n_0, n_1]), b_1, ..., W_L, b_L];  h_l = act(h_{l-1} W_l + b_l), y = h_{L-1} W_L + b_L.
W is kept as [in, out] (y = x W + b), the lab's own layout, so no transpose is needed.
"""
import torch
import torch.nn.functional as Fn

from lab_layout import LabSlot  # (inlined in graph.py)
from lab_random import derive_seed, fill_normal  # (inlined in graph.py)


def activate(h, activation):
    return torch.relu(h) if activation == "relu" else Fn.silu(h)


class LabMLP(torch.nn.Module):
    def __init__(self, sizes, activation, name):
        super().__init__()
        self.sizes = list(sizes)
        self.activation = activation
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        self.slots = []
        for l in range(1, len(sizes)):
            w = torch.nn.Parameter(torch.zeros(sizes[l - 1], sizes[l]))
            b = torch.nn.Parameter(torch.zeros(sizes[l]))
            self.weights.append(w)
            self.biases.append(b)
            self.slots += [LabSlot(f"{name}.{l}.w", [sizes[l - 1], sizes[l]], w), LabSlot(f"{name}.{l}.b", [sizes[l]], b)]

    def forward(self, x):
        L = len(self.weights)
        for l in range(L):
            x = torch.addmm(self.biases[l], x, self.weights[l])
            if l < L - 1:
                x = activate(x, self.activation)
        return x

    @torch.no_grad()
    def init_lab(self, seed, output_gain=0.1):
        """The lab's mlpInit: W_l ~ N(0, gain^2/n_{l-1}) from deriveSeed(seed, l), gain sqrt(2) (last: output_gain), b = 0."""
        L = len(self.weights)
        for l in range(L):
            n_in, n_out = self.sizes[l], self.sizes[l + 1]
            gain = output_gain if l == L - 1 else 2 ** 0.5
            z = fill_normal(n_in * n_out, derive_seed(seed, l)).reshape(n_in, n_out)
            self.weights[l].copy_(torch.from_numpy(z) * (gain / n_in ** 0.5))
            self.biases[l].zero_()
