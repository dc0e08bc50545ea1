# Predictors (nodes/lib/predictor.ts, nodes/lib/sampling/readout.ts): one function of (x, a, s) read
# five ways; every reading is p·x + q·score (Tweedie):
#   score = ∇log p_t(x),  ε̂ = −s·score,  x̂_0 = (x + s²·score)/a,
#   v = (ε̂ − σ x̂_0)/sqrt(1 + σ²) = −s/(a r)·x − s r/a·score (r = sqrt(a² + s²), σ = s/a),
#   flow = ε̂ − x̂_0 = −x/a − s(a + s)/a·score.
import math


class Predictor:
    """name, native reading, evaluate(x, a, s) → the native reading; counts its evaluations (nfe)."""

    def __init__(self, name, native, evaluate):
        self.name, self.native, self._evaluate, self.calls = name, native, evaluate, 0

    def evaluate(self, x, a, s):
        self.calls += 1
        return self._evaluate(x, float(a), float(s))

    def describe(self):
        return f'{self.name}, reads as {self.native}'


def reading_from_score(as_, a, s):
    """(p, q) with reading = p·x + q·score."""
    if as_ == 'score':
        return 0.0, 1.0
    if as_ == 'eps':
        return 0.0, -s
    if as_ == 'x0':
        return 1 / a, s * s / a
    if as_ == 'v':
        r = math.hypot(a, s)
        return -s / (a * r), -s * r / a
    return -1 / a, -s * (a + s) / a


def _score_from_native(native, a, s):
    """(u, v) with score = u·x + v·y, y the native reading."""
    if native == 'score':
        return 0.0, 1.0
    if native == 'eps':
        return 0.0, -1 / s
    if native == 'x0':
        return -1 / (s * s), a / (s * s)
    p, q = reading_from_score(native, a, s)
    return -p / q, 1 / q


def read_affine(p, x, a, s, as_):
    """(y, u, v): the native output y and the reading `as_` = u·x + v·y."""
    y = p.evaluate(x, a, s)
    if p.native == as_:
        return y, 0.0, 1.0
    u1, v1 = _score_from_native(p.native, a, s)
    pc, qc = reading_from_score(as_, a, s)
    return y, pc + qc * u1, qc * v1


def read_as(p, x, a, s, as_):
    y, u, v = read_affine(p, x, a, s, as_)
    return y if (u == 0 and v == 1) else u * x + v * y


def convert_readout(y, x, a, s, frm, to):
    """A reading y of kind `frm` at (x, a, s) as kind `to`."""
    if frm == to:
        return y.clone()
    u1, v1 = _score_from_native(frm, a, s)
    pc, qc = reading_from_score(to, a, s)
    return (pc + qc * u1) * x + (qc * v1) * y


def affine_update(p, x, a, s, as_, cx, cr, z=None, cz=0.0):
    """x_new = c_x·x + c_r·R(x; a, s) + c_z·z, R the reading `as_` (the one primitive of every sampler update)."""
    y, u, v = read_affine(p, x, a, s, as_)
    out = (cx + cr * u) * x + (cr * v) * y
    if z is not None and cz != 0:
        out = out + cz * z
    return out
