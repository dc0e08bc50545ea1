/**
 * The U-Net's parameters as named slots of ONE flat vector θ (one variable: fast Adam, one
 * fused step on WASM), in a fixed order that the network, the tests' hand count and the
 * safetensors files all share. Names follow the blocks (e.g. `down.1.res.0.conv1.w`).
 *
 * Architecture (Ho et al. 2020's U-Net, small; NHWC, 3×3 convolutions with padding 1):
 *   embedding  e = W₂ SiLU(W₁ emb(¼ ln σ) + b₁) + b₂ (+ a learnt row of the class, if any),  E = 4·c₀
 *   in         h = conv(c_in·x̃): C → c₀
 *   down l     res blocks (→ c_l); keep h as skip_l; then (l < L−1) a stride-2 conv c_l → c_l
 *   middle     res block, [self-attention], res block at c_{L−1}
 *   up l       h = concat(h, skip_l); res blocks (→ c_l); then (l > 0) nearest upsampling to
 *              skip_{l−1}'s size and a conv c_l → c_l
 *   out        conv(SiLU(GN(h))): c₀ → C, initialised to zero (the net starts at F = 0)
 * A res block a → b: h = conv₁(SiLU(GN(x))) + W_e SiLU(e) + b_e; h = conv₂(SiLU(GN(h)));
 * out = h + (a = b ? x : 1×1 conv(x)).
 */
export interface UNetShape {
  /** Image height, width and channels. */
  height: number;
  width: number;
  channels: number;
  /** Channels per level, e.g. [32, 64, 64]. */
  levels: number[];
  /** Residual blocks per level (down and up). */
  blocks: number;
  attention: boolean;
  /** 0: unconditional; 10: ten classes plus the null class (index 10). */
  classes: 0 | 10;
  /** Number of noise-level features (2 × the embedding's frequencies). */
  embFeatures: number;
}

export type SlotInit = 'he' | 'zero' | 'one' | 'normal';

export interface Slot {
  name: string;
  shape: number[];
  /** Offset in θ. */
  offset: number;
  size: number;
  init: SlotInit;
  /** Fan-in of a weight (for He initialisation). */
  fanIn: number;
}

/** Channels of the time embedding. */
export const embWidth = (s: UNetShape) => 4 * s.levels[0];

/** GroupNorm groups: 8 (channels must divide by it; checked by unetShapeIssue). */
export const GROUPS = 8;

export function unetSlots(s: UNetShape): Slot[] {
  const slots: Slot[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: SlotInit, fanIn = 1) => {
    const size = shape.reduce((a, b) => a * b, 1);
    slots.push({ name, shape, offset, size, init, fanIn });
    offset += size;
  };
  const conv = (name: string, k: number, a: number, b: number, init: SlotInit = 'he') => {
    add(`${name}.w`, [k, k, a, b], init, k * k * a);
    add(`${name}.b`, [b], 'zero');
  };
  const dense = (name: string, a: number, b: number) => {
    add(`${name}.w`, [a, b], 'he', a);
    add(`${name}.b`, [b], 'zero');
  };
  const norm = (name: string, c: number) => {
    add(`${name}.gamma`, [c], 'one');
    add(`${name}.beta`, [c], 'zero');
  };
  const E = embWidth(s);
  const res = (name: string, a: number, b: number) => {
    norm(`${name}.norm1`, a);
    conv(`${name}.conv1`, 3, a, b);
    dense(`${name}.emb`, E, b);
    norm(`${name}.norm2`, b);
    conv(`${name}.conv2`, 3, b, b);
    if (a !== b) conv(`${name}.skip`, 1, a, b);
  };
  dense('emb.0', s.embFeatures, E);
  dense('emb.1', E, E);
  if (s.classes) add('emb.class', [s.classes + 1, E], 'normal');
  conv('in', 3, s.channels, s.levels[0]);
  const L = s.levels.length;
  let c = s.levels[0];
  for (let l = 0; l < L; l++) {
    for (let b = 0; b < s.blocks; b++, c = s.levels[l]) res(`down.${l}.res.${b}`, c, s.levels[l]);
    if (l < L - 1) conv(`down.${l}.downsample`, 3, c, c);
  }
  res('mid.res.0', c, c);
  if (s.attention) {
    norm('mid.attn.norm', c);
    dense('mid.attn.qkv', c, 3 * c);
    add('mid.attn.proj.w', [c, c], 'zero');
    add('mid.attn.proj.b', [c], 'zero');
  }
  res('mid.res.1', c, c);
  for (let l = L - 1; l >= 0; l--) {
    for (let b = 0; b < s.blocks; b++, c = s.levels[l]) res(`up.${l}.res.${b}`, b === 0 ? c + s.levels[l] : c, s.levels[l]);
    if (l > 0) conv(`up.${l}.upsample`, 3, c, c);
  }
  norm('out.norm', c);
  conv('out', 3, c, s.channels, 'zero');
  return slots;
}

export function unetParamCount(s: UNetShape): number {
  const last = unetSlots(s).at(-1)!;
  return last.offset + last.size;
}

/** What is wrong with a shape, or undefined: every width must divide into the GroupNorm groups. */
export function unetShapeIssue(s: UNetShape): string | undefined {
  if (!s.levels.length) return 'the U-Net needs at least one level';
  const bad = s.levels.find((c) => c % GROUPS !== 0);
  if (bad !== undefined) return `channels per level must be multiples of ${GROUPS} (GroupNorm groups), got ${bad}`;
  if (s.blocks < 1) return 'the U-Net needs at least one residual block per level';
  return undefined;
}
