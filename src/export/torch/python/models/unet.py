# requires: models/lab_layout, models/conditioning, lab_random
"""Twin of model/unet (nodes/lib/nn/unet.ts, unet-layers.ts, unet-layout.ts), computed in NCHW.

  embedding  e = W2 SiLU(W1 emb(ln(sigma)/4) + b1) + b2 (+ the class's learnt row), width E = 4 c0
  in         h = conv3x3(c_in x~): C -> c0
  down l     res blocks (-> c_l); keep h as skip_l; then (l < L-1) a stride-2 conv3x3
  middle     res block, [self-attention], res block
  up l       h = concat(h, skip_l); res blocks (-> c_l); then (l > 0) nearest upsampling to skip_{l-1}'s size and a conv3x3
  out        conv3x3(SiLU(GN(h))): c0 -> C
  res block  h = conv1(SiLU(GN(x))) + W_e SiLU(e) + b_e;  h = conv2(SiLU(GN(h)));  out = h + (x or conv1x1(x))
GroupNorm has 8 groups and eps 1e-5 (as torch.nn.GroupNorm). The weights are named and ordered
as the lab's slots (`down.1.res.0.conv1.w` [3, 3, a, b], ...); kernels are transposed to
[out, in, kh, kw] at load and back at save (LabSlot).
"""
import numpy as np
import torch
import torch.nn.functional as Fn

from lab_layout import CONV_PERM, LabModule, LabSlot  # (inlined in graph.py)
from conditioning import c_in, embed_sigmas, output_of, per_example, sigma_column  # (inlined in graph.py)
from lab_random import derive_seed, fill_normal  # (inlined in graph.py)

GROUPS = 8
NULL_CLASS = 10


def unet_slots(c):
    """[(name, lab shape, init, fan_in)] in the lab's order (unetSlots)."""
    slots = []

    def add(name, shape, init, fan_in=1):
        slots.append((name, list(shape), init, fan_in))

    def conv(name, k, a, b, init="he"):
        add(f"{name}.w", [k, k, a, b], init, k * k * a)
        add(f"{name}.b", [b], "zero")

    def dense(name, a, b):
        add(f"{name}.w", [a, b], "he", a)
        add(f"{name}.b", [b], "zero")

    def norm(name, ch):
        add(f"{name}.gamma", [ch], "one")
        add(f"{name}.beta", [ch], "zero")

    E = 4 * c["levels"][0]

    def res(name, a, b):
        norm(f"{name}.norm1", a)
        conv(f"{name}.conv1", 3, a, b)
        dense(f"{name}.emb", E, b)
        norm(f"{name}.norm2", b)
        conv(f"{name}.conv2", 3, b, b)
        if a != b:
            conv(f"{name}.skip", 1, a, b)

    levels = c["levels"]
    dense("emb.0", c["embFeatures"], E)
    dense("emb.1", E, E)
    if c["classes"]:
        add("emb.class", [c["classes"] + 1, E], "normal")
    conv("in", 3, c["channels"], levels[0])
    L = len(levels)
    ch = levels[0]
    for l in range(L):
        for _ in range(c["blocks"]):
            res_name = f"down.{l}.res.{_}"
            res(res_name, ch, levels[l])
            ch = levels[l]
        if l < L - 1:
            conv(f"down.{l}.downsample", 3, ch, ch)
    res("mid.res.0", ch, ch)
    if c["attention"]:
        norm("mid.attn.norm", ch)
        dense("mid.attn.qkv", ch, 3 * ch)
        add("mid.attn.proj.w", [ch, ch], "zero")
        add("mid.attn.proj.b", [ch], "zero")
    res("mid.res.1", ch, ch)
    for l in range(L - 1, -1, -1):
        for b in range(c["blocks"]):
            res(f"up.{l}.res.{b}", ch + levels[l] if b == 0 else ch, levels[l])
            ch = levels[l]
        if l > 0:
            conv(f"up.{l}.upsample", 3, ch, ch)
    norm("out.norm", ch)
    conv("out", 3, ch, c["channels"], "zero")
    return slots


class UNet(LabModule):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        self.frequencies = [float(w) for w in self.config["frequencies"]]
        self.w = torch.nn.ParameterDict()
        self.slots = []
        self.inits = []
        for name, shape, init, fan_in in unet_slots(self.config):
            perm = CONV_PERM if len(shape) == 4 else None
            torch_shape = [shape[i] for i in perm] if perm else shape
            p = torch.nn.Parameter(torch.zeros(torch_shape))
            self.w[name.replace(".", "_")] = p
            self.slots.append(LabSlot(name, shape, p, perm))
            self.inits.append((init, fan_in))

    def lab_variables(self):
        return {"theta": self.slots}

    @torch.no_grad()
    def init_lab(self, seed):
        """The lab's unetInit: He-normal N(0, 2/fan_in) (or N(0, 1) for class rows) from deriveSeed(seed, i); gamma 1; the rest 0."""
        for i, (s, (init, fan_in)) in enumerate(zip(self.slots, self.inits)):
            if init == "one":
                s.param.fill_(1.0)
            elif init in ("he", "normal"):
                z = fill_normal(s.size, derive_seed(seed, i))
                if init == "he":  # Float32Array *= gain: a float64 product rounded to float32
                    z = (z.astype(np.float64) * (2.0 / fan_in) ** 0.5).astype(np.float32)
                s.param.copy_(s.to_torch(z))
            else:
                s.param.zero_()

    def p(self, name):
        return self.w[name.replace(".", "_")]

    def conv(self, x, name, stride=1):
        k = self.p(f"{name}.w")
        return Fn.conv2d(x, k, self.p(f"{name}.b"), stride=stride, padding=1 if k.shape[-1] == 3 else 0)

    def dense(self, x, name):
        return torch.addmm(self.p(f"{name}.b"), x, self.p(f"{name}.w"))

    def norm(self, x, name):
        return Fn.group_norm(x, GROUPS, self.p(f"{name}.gamma"), self.p(f"{name}.beta"), 1e-5)

    def res_block(self, x, emb_act, name):
        h = self.conv(Fn.silu(self.norm(x, f"{name}.norm1")), f"{name}.conv1")
        e = self.dense(emb_act, f"{name}.emb")
        h = h + e[:, :, None, None]
        h = self.conv(Fn.silu(self.norm(h, f"{name}.norm2")), f"{name}.conv2")
        skip = x if x.shape[1] == h.shape[1] else self.conv(x, f"{name}.skip")
        return h + skip

    def attention(self, x, name):
        n, c, hh, ww = x.shape
        rows = self.norm(x, f"{name}.norm").permute(0, 2, 3, 1).reshape(n * hh * ww, c)
        q, k, v = self.dense(rows, f"{name}.qkv").reshape(n, hh * ww, 3 * c).split(c, dim=2)
        weights = torch.softmax(q @ k.transpose(1, 2) / c ** 0.5, dim=-1)
        mixed = (weights @ v).reshape(n * hh * ww, c)
        return x + self.dense(mixed, f"{name}.proj").reshape(n, hh, ww, c).permute(0, 3, 1, 2)

    def raw(self, x_in, features, labels=None):
        """F for network input x_in = c_in x~ [N, C, H, W], features [N or 1, 2K] and class labels [N] (10 = none)."""
        c = self.config
        e = self.dense(Fn.silu(self.dense(features, "emb.0")), "emb.1")
        if c["classes"]:
            if labels is None:
                labels = torch.full((1,), NULL_CLASS, dtype=torch.long, device=x_in.device)
            e = e + self.p("emb.class")[labels.long()]
        emb_act = Fn.silu(e)
        L = len(c["levels"])
        h = self.conv(x_in, "in")
        skips = []
        for l in range(L):
            for b in range(c["blocks"]):
                h = self.res_block(h, emb_act, f"down.{l}.res.{b}")
            skips.append(h)
            if l < L - 1:
                h = self.conv(h, f"down.{l}.downsample", 2)
        h = self.res_block(h, emb_act, "mid.res.0")
        if c["attention"]:
            h = self.attention(h, "mid.attn")
        h = self.res_block(h, emb_act, "mid.res.1")
        for l in range(L - 1, -1, -1):
            h = torch.cat([h, skips[l]], dim=1)
            for b in range(c["blocks"]):
                h = self.res_block(h, emb_act, f"up.{l}.res.{b}")
            if l > 0:
                h = self.conv(Fn.interpolate(h, size=tuple(skips[l - 1].shape[2:]), mode="nearest"), f"up.{l}.upsample")
        return self.conv(Fn.silu(self.norm(h, "out.norm")), "out")

    def to_nchw(self, x):
        """Images [N, H, W, C] or rows [N, H*W*C] (NHWC order, as the lab) as [N, C, H, W]."""
        c = self.config
        if x.dim() == 2:
            x = x.reshape(x.shape[0], c["height"], c["width"], c["channels"])
        if tuple(x.shape[1:]) != (c["height"], c["width"], c["channels"]):
            raise ValueError(f"the U-Net takes images of shape [n, {c['height']}, {c['width']}, {c['channels']}] (or rows [n, {c['height'] * c['width'] * c['channels']}]), got {list(x.shape)}")
        return x.permute(0, 3, 1, 2)

    def forward(self, x_tilde, sigma, labels=None):
        """The native prediction at scaled images x~ (NHWC images or rows, returned in the same shape) and sigma."""
        shape = x_tilde.shape
        n = shape[0]
        s = sigma_column(sigma, n, x_tilde)
        # In x~'s dtype and device: a net cast to float64 (.double()) then computes the exact function of
        # the same float32 inputs the lab sees (the reference of unet-ode-rounding.test.ts).
        features = embed_sigmas(s if s.size > 1 else s[:1], self.frequencies).to(x_tilde)
        x_in = self.to_nchw(x_tilde * per_example(c_in(s), x_tilde))
        F = self.raw(x_in, features, labels).permute(0, 2, 3, 1).reshape(shape)
        return output_of(self.config["output"], F, x_tilde, s)
