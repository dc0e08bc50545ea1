# requires: safetensors, models/score_mlp, models/unet, models/vae, models/classifier
"""The lab's model files (nodes/lib/nn/model-file.ts, classifier-file.ts) as PyTorch modules, and back.

A model file is a safetensors file with __metadata__ {format: "diffusion-graph-lab/model", config:
<the model's config as JSON>}; a U-Net's weights are stored slot by slot under their layer names,
other kinds under their variables' names (`theta`, or `encoder` and `decoder`). The shipped
classifier (public/models/mnist-classifier.safetensors) stores its layers by name with only a config.
"""
import json

from safetensors import read_safetensors, write_safetensors  # (inlined in graph.py)
from score_mlp import ScoreMLP  # (inlined in graph.py)
from unet import UNet  # (inlined in graph.py)
from vae import VAE  # (inlined in graph.py)
from classifier import Classifier  # (inlined in graph.py)

MODEL_FORMAT = "diffusion-graph-lab/model"
MODEL_KINDS = {"score-mlp": lambda c: ScoreMLP(c), "unet": lambda c: UNet(c), "vae": lambda c: VAE(c), "digit-classifier": lambda c: Classifier(c)}


def build_model(config):
    """An (untrained, zero) module of the lab's config."""
    make = MODEL_KINDS.get(config.get("kind"))
    if make is None:
        raise ValueError(f"unknown model kind {config.get('kind')!r} (known: {', '.join(MODEL_KINDS)})")
    return make(config)


def model_from_tensors(config, tensors, what):
    """A module from the lab's tensors: per-variable flat vectors, or per-slot named tensors."""
    model = build_model(config)
    variables = model.lab_variables()
    if all(name in tensors for name in variables):
        extra = [n for n in tensors if n not in variables]
        if extra:
            raise ValueError(f"{what}: unknown tensors {extra[:5]} for a {config['kind']} model")
        model.load_lab_variables({n: tensors[n] for n in variables}, what)
        return model
    slots = model.all_slots()
    for s in slots:
        t = tensors.get(s.name)
        if t is None:
            raise ValueError(f"{what}: the {config['kind']} weight '{s.name}' is missing")
        if list(t.shape) != s.lab_shape:
            raise ValueError(f"{what}: '{s.name}' has shape {list(t.shape)}, the {config['kind']} needs {s.lab_shape}")
    extra = [n for n in tensors if n not in {s.name for s in slots}]
    if extra:
        raise ValueError(f"{what}: unknown tensors {extra[:5]} for this {config['kind']}")
    import torch
    with torch.no_grad():
        for s in slots:
            s.param.copy_(s.to_torch(tensors[s.name]))
    return model


def load_model_file(path):
    """The module a lab model file (or the shipped classifier file) holds, with `.config` set."""
    tensors, metadata = read_safetensors(path)
    fmt = metadata.get("format")
    if fmt not in (None, MODEL_FORMAT):
        raise ValueError(f"{path}: not a model file of the lab (__metadata__.format is {fmt!r}, expected {MODEL_FORMAT!r})")
    try:
        config = json.loads(metadata["config"])
    except (KeyError, ValueError):
        raise ValueError(f"{path}: __metadata__.config is missing or not JSON")
    model = model_from_tensors(config, tensors, path)
    model.lab_metadata = {k: v for k, v in metadata.items() if k not in ("format", "config")}
    return model


def model_tensors(model):
    """The lab's tensors of a module: a U-Net slot by slot (named layers), other kinds per variable."""
    if model.config["kind"] == "unet":
        return {s.name: s.to_lab(s.param) for s in model.all_slots()}
    return model.lab_variable_arrays()


def save_model_file(model, path, dtype="F32", metadata=None):
    """Write a module as a lab model file (the lab's --load-weights and model/pretrained read it)."""
    meta = dict(getattr(model, "lab_metadata", {}))  # what the file it came from said (its curves, source)
    meta.update(metadata or {})
    meta.update({"format": MODEL_FORMAT, "config": json.dumps(model.config, separators=(",", ":"))})
    write_safetensors(path, model_tensors(model), meta, dtype)


def beside_script(*parts):
    """A path next to graph.py (its weights/ folder): the exported files travel together."""
    import os
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), *parts)


def count_parameters(model):
    return sum(s.size for s in model.all_slots())
