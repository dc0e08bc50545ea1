import { unetSlots } from '../../nodes/lib/nn/unet-layout';
import type { UNetConfig } from '../../nodes/lib/nn/unet';
import type { TrainingState } from '../../nodes/lib/nn/train-checkpoints';

/**
 * An unconditional U-Net's training state made class-conditional without changing what it
 * computes: the class table emb.class ([classes + 1, E], a row per digit and the null class) is
 * inserted at its place in the flat parameter vector with every entry 0, so the embedding
 * e = W₂ SiLU(W₁ emb(¼ ln σ) + b₁) + b₂ + 0 is the unconditional one for every label. Adam's
 * moments and the weight average get zeros at the same place (a fresh parameter). The step, the
 * loss curve and the recipe stay, but the recipe gains label dropout (pUncond, default 0.1) and
 * loses previewEvery, as a conditional run records it (train/denoising trainingParams). Training on
 * continues as Ho & Salimans' joint training of the conditional and unconditional predictions.
 */
export function withClassTable(s: TrainingState, pUncond = 0.1): TrainingState {
  const config = s.config as UNetConfig;
  if (config.kind !== 'unet' || config.classes !== 0) throw new Error(`expected an unconditional U-Net checkpoint (config.classes 0), got ${JSON.stringify(s.config).slice(0, 200)}`);
  const conditional: UNetConfig = { ...config, classes: 10 };
  const slot = unetSlots(conditional).find((x) => x.name === 'emb.class')!;
  const grow = (a: Float32Array) => {
    const out = new Float32Array(a.length + slot.size);
    out.set(a.subarray(0, slot.offset));
    out.set(a.subarray(slot.offset), slot.offset + slot.size);
    return out;
  };
  const recipe = JSON.parse(s.recipe) as { params?: Record<string, unknown> };
  const { previewEvery: _preview, ...params }: Record<string, unknown> = { pUncond, ...recipe.params };
  return {
    ...s,
    config: conditional,
    theta: grow(s.theta),
    adam: { ...s.adam, m: grow(s.adam.m), v: grow(s.adam.v), avg: s.adam.avg && grow(s.adam.avg) },
    recipe: JSON.stringify({ ...recipe, params }),
  };
}
