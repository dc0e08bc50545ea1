# The lab's random numbers, bit for bit (nodes/lib/random.ts, nodes/lib/sampling/box-muller.ts):
# seeds mixed by murmur3's finaliser, four xoshiro128** streams, Box–Muller in float32 with
# Cephes' logf/sinf/cosf. Every float32 operation below is one IEEE single-precision operation,
# as the lab's specification (one Math.fround per operation) is, so x_T, data draws and sampler
# noise are the lab's own numbers and stochastic graphs compare number for number.
import numpy as np

_M32 = 0xFFFFFFFF


def _fmix(h):
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & _M32
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & _M32
    return (h ^ (h >> 16)) & _M32


def derive_seed(seed, *salt):
    """deriveSeed(seed, ...salt): fmix(seed), then fold each salt in with the golden-ratio multiplier."""
    h = _fmix(int(seed) & _M32)
    for v in salt:
        h = _fmix((h ^ ((int(v) & _M32) * 0x9E3779B1 & _M32)) & _M32)
    return h


def node_seed(graph_seed, param_seed):
    """nodeSeed (src/engine/hash.ts): the seed a node draws from, from the graph's seed and its own seed param."""
    h = ((int(graph_seed) & _M32) ^ (((int(param_seed) + 0x9E3779B9) & _M32) * 0x85EBCA6B & _M32)) & _M32
    h = ((h ^ (h >> 16)) * 0x7FEB352D) & _M32
    h = ((h ^ (h >> 15)) * 0x846CA68B) & _M32
    return (h ^ (h >> 16)) & _M32


def _words(seed, count):
    """count xoshiro128** words per lane (4 lanes), lane j seeded by state words deriveSeed(seed, 4i + j)."""
    st = [derive_seed(seed, i) for i in range(16)]
    out = np.empty((count, 4), dtype=np.uint32)
    for j in range(4):
        s0, s1, s2, s3 = st[j], st[4 + j], st[8 + j], st[12 + j]
        col = out[:, j]
        for k in range(count):
            m = (s1 * 5) & _M32
            col[k] = ((((m << 7) | (m >> 25)) & _M32) * 9) & _M32
            t2 = s2 ^ s0
            t3 = s3 ^ s1
            s1, s0, s2, s3 = s1 ^ t2, s0 ^ t3, (t2 ^ (s1 << 9)) & _M32, ((t3 << 11) | (t3 >> 21)) & _M32
    return out


_f = np.float32
_LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
          -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]
_SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1]
_COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2]


def _horner(c, x):
    p = np.full_like(x, _f(c[0]))
    for ci in c[1:]:
        p = p * x + _f(ci)
    return p


def _logf(u):
    """Cephes logf for u in (0, 1], frexp by bits, in float32."""
    b = u.view(np.int32)
    e = (b >> 23) - 126
    x = ((b & np.int32(-2139095041)) | np.int32(0x3F000000)).view(np.float32)  # 0x807fffff as int32
    small = x < _f(np.sqrt(0.5))
    e = np.where(small, e - 1, e)
    x = np.where(small, (x + x) - _f(1), x - _f(1))
    ef = e.astype(np.float32)
    z = x * x
    y = (_horner(_LOG_P, x) * x) * z
    y = y + ef * _f(-2.12194440e-4)
    y = y + z * _f(-0.5)
    return (x + y) + ef * _f(0.693359375)


def fill_normal(n, seed):
    """fillNormal(out, seed): n standard normal float32 numbers; the first n of a longer draw are the draw of n."""
    blocks = -(-int(n) // 8)
    w = _words(seed, 2 * blocks).reshape(blocks, 2, 4)
    with np.errstate(all='ignore'):
        u1 = (w[:, 0, :].astype(np.float32) + _f(0.5)) * _f(2.0 ** -32)
        u2 = w[:, 1, :].astype(np.float32) * _f(2.0 ** -32)
        r = np.sqrt(_logf(u1) * _f(-2))
        q = u2 * _f(4)
        nf = np.rint(q)  # ties to even, as f32x4.nearest
        phi = (q - nf) * _f(np.pi / 2)
        z = phi * phi
        s = ((_horner(_SIN_P, z) * z) * phi) + phi
        c = (((_horner(_COS_P, z) * z) * z) + z * _f(-0.5)) + _f(1)
        k = nf.astype(np.int32)
        odd = (k & 1) == 1
        a = np.where(odd, s, c)
        bb = np.where(odd, c, s)
        cos_part = r * np.where(((k + 1) & 2) != 0, -a, a)
        sin_part = r * np.where((k & 2) != 0, -bb, bb)
    out = np.concatenate([cos_part, sin_part], axis=1).reshape(-1)
    return out[:n].astype(np.float32)


def normal(shape, seed):
    """normal(shape, seed) of nodes/lib/random.ts as a float32 numpy array."""
    n = int(np.prod(shape)) if len(shape) else 1
    return fill_normal(n, seed).reshape(shape)


def uniform_generator(seed):
    """uniformGenerator(seed): mulberry32, uniform numbers on [0, 1)."""
    state = [int(seed) & _M32]

    def imul(a, b):
        return (a * b) & _M32

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & _M32
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & _M32
        return ((t ^ (t >> 14)) & _M32) / 4294967296.0
    return nxt
