import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** measure/inpaint: operators.py's MaskOperator (the lab's mask, a random one by mulberry32 of deriveSeed(seed, 2)), y = m ⊙ (x + σ_y n). */
export default defineTorchExport({
  type: 'measure/inpaint',
  helpers: ['operators'],
  emit: (node) => {
    const p = node.params;
    const name = py(p.mask === 'random' ? `${Math.round(Number(p.fraction) * 100)}% of pixels hidden` : `${String(p.mask)} hidden`);
    return [
      `box = ${py({ top: p.top, left: p.left, height: p.height, width: p.width })}`,
      `make = lambda s: MaskOperator(image_mask(s[0], s[1], ${py(p.mask)}, box, ${py(p.fraction)}, derive_seed(ctx.seed, 2)), s, ${py(p.sigmaY)}, ${name}, ctx.device)`,
      'return run_measurement(ctx, x, make, project_noise=True)',
    ].join('\n');
  },
});
