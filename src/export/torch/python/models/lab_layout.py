"""How the lab's weight files map onto PyTorch parameters.

The lab keeps each network's weights in a few flat float32 vectors (one per tf.Variable: `theta`,
or `encoder` and `decoder` for the VAE), cut into named slots in a fixed order; its layouts are
TensorFlow's: dense W [in, out] (y = x W + b), convolution kernels [kh, kw, in, out] (NHWC). A
LabSlot ties one slot to one nn.Parameter in PyTorch's layout (convolutions [out, in, kh, kw],
NCHW) by the axis permutation `perm` (lab axes → torch axes; None: the same layout). The transposes
happen only here, at load and save, so the files stay the lab's.
"""
import numpy as np
import torch

CONV_PERM = (3, 2, 0, 1)  # [kh, kw, in, out] -> [out, in, kh, kw]


class LabSlot:
    def __init__(self, name, lab_shape, param, perm=None):
        self.name = name
        self.lab_shape = list(lab_shape)
        self.param = param
        self.perm = perm
        self.size = int(np.prod(lab_shape))

    def to_torch(self, lab_array):
        """A lab-layout array (any shape with the slot's size) as a tensor in torch layout."""
        t = torch.as_tensor(np.asarray(lab_array, dtype=np.float32)).reshape(self.lab_shape)
        return t.permute(*self.perm).contiguous() if self.perm else t

    def to_lab(self, tensor):
        """A torch-layout tensor (the parameter, or its gradient or Adam moment) in the lab's layout."""
        t = tensor.detach().cpu().float()
        if self.perm:
            t = t.permute(*np.argsort(self.perm).tolist())
        return t.reshape(self.lab_shape).numpy()


def slots_size(slots):
    return sum(s.size for s in slots)


def flat_to_tensors(slots, flat, what):
    """Cut one lab vector into torch-layout tensors, one per slot (sizes checked)."""
    flat = np.asarray(flat, dtype=np.float32).reshape(-1)
    if flat.size != slots_size(slots):
        raise ValueError(f"{what} has {flat.size} entries, the network needs {slots_size(slots)}")
    out, at = [], 0
    for s in slots:
        out.append(s.to_torch(flat[at:at + s.size]))
        at += s.size
    return out


def tensors_to_flat(slots, tensors):
    """Torch-layout tensors (one per slot) joined into one lab vector."""
    return np.concatenate([s.to_lab(t).reshape(-1) for s, t in zip(slots, tensors)]).astype(np.float32)


class LabModule(torch.nn.Module):
    """A network with the lab's variables: `lab_variables()` maps each variable name to its slots."""

    def lab_variables(self):
        raise NotImplementedError

    def all_slots(self):
        return [s for slots in self.lab_variables().values() for s in slots]

    @torch.no_grad()
    def load_lab_variables(self, variables, what="weights"):
        """Set every parameter from {variable: flat lab vector} (the lab's getWeights)."""
        expected = self.lab_variables()
        missing = [n for n in expected if n not in variables]
        extra = [n for n in variables if n not in expected]
        if missing or extra:
            raise ValueError(f"{what}: a {self.config['kind']} model has variables {list(expected)}, got {list(variables)}")
        for name, slots in expected.items():
            for s, t in zip(slots, flat_to_tensors(slots, variables[name], f"{what} '{name}'")):
                s.param.copy_(t)

    def lab_variable_arrays(self, source=None):
        """{variable: flat lab vector} of the parameters, or of `source` (param -> tensor, e.g. Adam's m)."""
        out = {}
        for name, slots in self.lab_variables().items():
            out[name] = tensors_to_flat(slots, [source[s.param] if source is not None else s.param for s in slots])
        return out
