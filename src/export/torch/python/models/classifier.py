# requires: models/lab_layout, lab_random
"""Twin of model/classifier (nodes/lib/nn/classifier-net.ts), a LeNet-like CNN computed in NCHW:
conv3x3 (c1) + ReLU -> max-pool 2 -> conv3x3 (c2) + ReLU -> max-pool 2 -> flatten (in the lab's
NHWC order) -> dense (h) + ReLU = the features phi(x) -> dense (10) = the logits. Slots conv1
[3, 3, 1, c1], bias1, conv2, bias2, dense3 [p*p*c2, h], bias3, dense4 [h, 10], bias4 in one flat
`theta` (model files) or as named tensors (the shipped mnist-classifier.safetensors)."""
import numpy as np
import torch
import torch.nn.functional as Fn

from lab_layout import CONV_PERM, LabModule, LabSlot  # (inlined in graph.py)
from lab_random import derive_seed, fill_normal  # (inlined in graph.py)


def classifier_slots(c):
    c1, c2 = c["channels"]
    p = c["size"] // 4
    return [("conv1", [3, 3, 1, c1], 9), ("bias1", [c1], 0), ("conv2", [3, 3, c1, c2], 9 * c1), ("bias2", [c2], 0),
            ("dense3", [p * p * c2, c["hidden"]], p * p * c2), ("bias3", [c["hidden"]], 0),
            ("dense4", [c["hidden"], c["classes"]], c["hidden"]), ("bias4", [c["classes"]], 0)]


class Classifier(LabModule):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        self.w = torch.nn.ParameterDict()
        self.slots = []
        self.fan_ins = []
        for name, shape, fan_in in classifier_slots(self.config):
            perm = CONV_PERM if len(shape) == 4 else None
            p = torch.nn.Parameter(torch.zeros([shape[i] for i in perm] if perm else shape))
            self.w[name] = p
            self.slots.append(LabSlot(name, shape, p, perm))
            self.fan_ins.append(fan_in)

    def lab_variables(self):
        return {"theta": self.slots}

    @torch.no_grad()
    def init_lab(self, seed):
        """classifierInit: N(0, gain^2/fan_in) from deriveSeed(seed, k), gain sqrt(2) (logits layer 1); biases 0."""
        last = len(self.slots) - 2
        for k, (s, fan_in) in enumerate(zip(self.slots, self.fan_ins)):
            if not fan_in:
                s.param.zero_()
                continue
            gain = 1.0 if k == last else 2 ** 0.5
            s.param.copy_(s.to_torch(torch.from_numpy(fill_normal(s.size, derive_seed(seed, k))) * (gain / fan_in ** 0.5)))

    def images(self, x):
        size = self.config["size"]
        if x.numel() != x.shape[0] * size * size:
            raise ValueError(f"the digit classifier takes {size}x{size} grey images ([n, {size}, {size}(, 1)] or rows [n, {size * size}]), got {list(x.shape)}")
        return x.reshape(x.shape[0], 1, size, size)

    def features_and_logits(self, x):
        w = self.w
        h = Fn.max_pool2d(torch.relu(Fn.conv2d(self.images(x), w["conv1"], w["bias1"], padding=1)), 2)
        h = Fn.max_pool2d(torch.relu(Fn.conv2d(h, w["conv2"], w["bias2"], padding=1)), 2)
        flat = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)  # NHWC order, as the lab's dense3 rows
        features = torch.relu(torch.addmm(w["bias3"], flat, w["dense3"]))
        return features, torch.addmm(w["bias4"], features, w["dense4"])

    def forward(self, x):
        return self.features_and_logits(x)[1]

    def loss(self, x, labels):
        """Mean cross-entropy and the number of correct predictions."""
        logits = self.forward(x)
        return Fn.cross_entropy(logits, labels.long()), (logits.argmax(1) == labels.long()).float().sum()
