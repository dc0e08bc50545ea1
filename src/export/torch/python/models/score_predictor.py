# requires: predictors, models/conditioning
"""A score network read as a predictor of (x, a, s) on any path x = a x0 + s eps (nodes/lib/nn/score-predictor.ts):
the net works on x~ = x/a at sigma = s/a; eps and x0 pass through, its score is divided by a."""
import torch

from predictors import Predictor  # (inlined in graph.py)
from conditioning import EMBEDDING_FREQUENCIES, embedding_frequencies  # (inlined in graph.py)


def score_net_predictor(net, label=None):
    """`label`: a class-conditional U-Net's class for every row (10: none, the unconditional prediction),
    one label per row, or 'each' (row i gets class i mod the net's classes); None for an unconditional net."""
    native = net.config["output"]
    kind = net.config["kind"]
    if label is not None and not net.config.get("classes"):
        raise ValueError("class: this network is unconditional (only a model/unet with classes 10 takes a class)")

    def evaluate(x, a, s):
        d = net.config.get("dim")
        if d is not None and (x.dim() != 2 or x.shape[1] != d):
            raise ValueError(f"predictor: this score MLP takes points [n, {d}], got x of shape {list(x.shape)}")
        labels = None
        if label is not None:
            if isinstance(label, str):  # "each"
                labels = torch.arange(x.shape[0], device=x.device) % net.config["classes"]
            elif isinstance(label, int):
                labels = torch.full((x.shape[0],), label, dtype=torch.long, device=x.device)
            else:
                labels = torch.as_tensor(label, device=x.device).long()
            if labels.shape[0] != x.shape[0]:
                raise ValueError(f"{labels.shape[0]} class labels for a batch of {x.shape[0]}")
        # No graph for plain sampling; a gradient through the net when the caller asks for one
        # (DPS and ΠGDM differentiate x̂_0(x) with respect to an x that requires grad).
        with torch.set_grad_enabled(torch.is_grad_enabled() and x.requires_grad):
            xt = x if a == 1 else x * (1 / a)
            out = net(xt, s / a, labels) if labels is not None else net(xt, s / a)
        return out * (1 / a) if native == "score" and a != 1 else out

    name = f"{kind} ({native}{', class i mod 10' if isinstance(label, str) else f', class {label}' if isinstance(label, int) and label != 10 else ''})"
    return Predictor(name, native, evaluate)


def score_net_config(p, seed):
    """scoreNetConfig: the config of a new model/score-mlp from its params and node seed."""
    keys = ("dim", "hidden", "layers", "activation", "embedding", "output")
    return {"kind": "score-mlp", **{k: p[k] for k in keys}, "frequencies": embedding_frequencies(p["embedding"], seed)}


def unet_config(p, seed):
    """unetConfig: the config of a new model/unet from its params and node seed."""
    keys = ("height", "width", "channels", "levels", "blocks", "attention", "classes", "embedding", "output")
    c = {"kind": "unet", **{k: p[k] for k in keys}}
    c["levels"] = list(c["levels"])
    c["embFeatures"] = 2 * EMBEDDING_FREQUENCIES
    c["frequencies"] = embedding_frequencies(p["embedding"], seed)
    return c
