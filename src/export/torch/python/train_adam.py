# requires: models/lab_layout
# Adam (Kingma & Ba 2015) exactly as the lab's nodes/lib/nn/adam.ts, in the form of their §2 note:
#   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − α_t m/(√v + ε̂),
#   α_t = α·f_t·√(1−β₂ᵗ)/(1−β₁ᵗ),  ε̂ = ε√(1−β₂ᵗ)   (f_t: the step's learning-rate factor, e.g. warm-up),
# which equals the bias-corrected α m̂/(√v̂ + ε); with `average` δ > 0 also the weight average
# θ̄ ← δθ̄ + (1−δ)θ from θ̄ = 0, read as θ̄/(1 − δᵗ). State moves to and from the lab's flat layout
# (one vector per model variable) so checkpoints are the lab's.
import math

import torch

from lab_layout import flat_to_tensors  # (inlined in graph.py)


class LabAdam:
    def __init__(self, model, lr, beta1=0.9, beta2=0.999, eps=1e-8, average=0.0):
        self.model, self.lr, self.beta1, self.beta2, self.eps, self.average = model, lr, beta1, beta2, eps, average
        self.params = [s.param for s in model.all_slots()]
        self.m = {p: torch.zeros_like(p) for p in self.params}
        self.v = {p: torch.zeros_like(p) for p in self.params}
        self.avg = {p: torch.zeros_like(p) for p in self.params} if average > 0 else None
        self.t = 0

    @torch.no_grad()
    def step(self, lr_factor=1.0):
        """One step from the parameters' .grad."""
        self.t += 1
        b1, b2, d = self.beta1, self.beta2, self.average
        c2 = math.sqrt(1 - b2 ** self.t)
        lr_t = self.lr * lr_factor * c2 / (1 - b1 ** self.t)
        for p in self.params:
            g = p.grad
            m, v = self.m[p], self.v[p]
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p.sub_(m / (v.sqrt() + self.eps * c2) * lr_t)
            if self.avg is not None:
                self.avg[p].mul_(d).add_(p, alpha=1 - d)

    def averaged(self):
        """{param: θ̄/(1 − δᵗ)} (needs average > 0 and a step)."""
        if self.avg is None or self.t == 0:
            raise ValueError('adam: no weight average (average must be > 0, after at least one step)')
        return {p: a / (1 - self.average ** self.t) for p, a in self.avg.items()}

    def lab_state(self):
        """{'m', 'v', 'avg'?: {variable: flat lab vector}, 't'} (AdamState per variable)."""
        out = {'m': self.model.lab_variable_arrays(self.m), 'v': self.model.lab_variable_arrays(self.v), 't': self.t}
        if self.avg is not None:
            out['avg'] = self.model.lab_variable_arrays(self.avg)
        return out

    @torch.no_grad()
    def restore_lab(self, state, what):
        for name in ['m', 'v'] + (['avg'] if self.avg is not None else []):
            if state.get(name) is None:
                raise ValueError(f"{what}: Adam's saved state '{name}' is missing")
            for var, slots in self.model.lab_variables().items():
                for s, t in zip(slots, flat_to_tensors(slots, state[name][var], f"{what}: adam.{name}")):
                    getattr(self, name)[s.param].copy_(t)
        self.t = int(state['t'])
