import { describe, expect, it } from 'vitest';
import { compareRuns, NO_TORCH, runExported, runLab, torchPython } from './parity';

/**
 * Issue 18's image measurements, metrics and posterior samplers exported (issue 20): the script draws
 * the lab's own numbers (measurement noise of deriveSeed(seed, 1), a random mask by mulberry32 of
 * deriveSeed(seed, 2)), so every .npy output and every scalar agrees within 1e-4 relative.
 */
const hasTorch = torchPython() !== null;
if (!hasTorch) console.warn(NO_TORCH);

type Node = { id: string; type: string; typeVersion?: number; params?: Record<string, unknown> };
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const graph = (name: string, nodes: Node[], edges: ReturnType<typeof edge>[]) => ({
  format: 'diffusion-graph-lab/graph',
  version: 1,
  name,
  seed: 5,
  nodes: nodes.map((n, i) => ({ typeVersion: 1, params: {}, position: { x: 200 * i, y: 0 }, ...n })),
  edges,
});

/** Each measurement of 6 rows [6, 64] (read as 8×8 images), its consistency with the same numbers as images [6, 8, 8, 1], and PSNRs of y. */
const measures: [string, string, Record<string, unknown>][] = [
  ['maskRandom', 'measure/inpaint', { mask: 'random', fraction: 0.3, sigmaY: 0.1, seed: 7 }],
  ['maskBox', 'measure/inpaint', { mask: 'box', top: 0.2, left: 0.3, height: 0.5, width: 0.4, sigmaY: 0.05 }],
  ['maskLower', 'measure/inpaint', { mask: 'lower-half', sigmaY: 0.02 }],
  ['blur', 'measure/blur', { blur: 2.5, sigmaY: 0.05, seed: 3 }],
  ['down', 'measure/downsample', { factor: 2, sigmaY: 0.2 }],
  ['noisy', 'measure/denoise', { sigmaY: 0.3, seed: 1 }],
];
const measureGraph = graph(
  'inverse-measures',
  [
    { id: 'x', type: 'noise/normal', params: { n: 6, dim: 64, seed: 2 } },
    { id: 'img', type: 'noise/normal', params: { n: 6, shape: [8, 8, 1], seed: 2 } },
    ...measures.flatMap(([id, type, params]) => [
      { id, type, params },
      { id: `${id}Fit`, type: 'metric/consistency' },
    ]),
    { id: 'psnr', type: 'metric/psnr', params: { clip: false } },
    { id: 'psnrClip', type: 'metric/psnr' },
  ],
  [
    ...measures.flatMap(([id]) => [edge('x', 'x', id, 'x'), edge(id, 'y', `${id}Fit`, 'y'), edge(id, 'operator', `${id}Fit`, 'operator'), edge('img', 'x', `${id}Fit`, 'x')]),
    edge('noisy', 'y', 'psnr', 'x'),
    edge('x', 'x', 'psnr', 'reference'),
    edge('maskRandom', 'y', 'psnrClip', 'x'),
    edge('x', 'x', 'psnrClip', 'reference'),
  ],
);

/** Digits with their lower half hidden, read by the shipped classifier against the labels of the digits drawn again. */
const digitsGraph = graph(
  'inverse-digits',
  [
    { id: 'digits', type: 'data/mnist', params: { n: 60, skip: 8000 } },
    { id: 'pick', type: 'data/sample', params: { n: 12, seed: 3 } },
    { id: 'mask', type: 'measure/inpaint', params: { mask: 'lower-half', sigmaY: 0.05, seed: 1 } },
    { id: 'judge', type: 'model/pretrained-classifier', params: { name: 'mnist-classifier' } },
    { id: 'agree', type: 'metric/label-agreement', params: { seed: 3, threshold: 0.6 } },
    { id: 'agreeClean', type: 'metric/label-agreement', params: { seed: 3, clip: false } },
  ],
  [
    edge('digits', 'dist', 'pick', 'dist'),
    edge('pick', 'x', 'mask', 'x'),
    ...['agree', 'agreeClean'].flatMap((id) => [edge('judge', 'model', id, 'classifier'), edge('digits', 'dist', id, 'data'), edge('pick', 'x', id, 'reference')]),
    edge('mask', 'y', 'agree', 'samples'),
    edge('pick', 'x', 'agreeClean', 'samples'),
  ],
);

/**
 * The posterior samplers on 2-D points with the exact prior score (differentiable in both frameworks):
 * ΠGDM and DDRM on y = 0.6 x₁ + 0.8 x₂ + σ_y n (a dense matrix: the SVD by Jacobi), RePaint and DDRM
 * on a coordinate mask [[1, 0], [0, 0]] (read off the matrix). DPS runs a short chain (T = 12) on a
 * 2×2 map: its step ζ′∇‖y − A x̂₀‖ has unit direction r/‖r‖, which turns over as ‖r‖ nears 0, so over
 * hundreds of levels float32 rounding grows (measured on 200 levels: 7e-7 after 10 steps, ~4× per 10
 * steps, O(1) by the end) on both sides alike: that is DPS's own sensitivity, not a difference of the two.
 */
const samplerGraph = graph(
  'inverse-samplers',
  [
    { id: 'data', type: 'data/toy2d', params: { name: '8gaussians' } },
    { id: 'truth', type: 'data/sample', params: { n: 1, seed: 7 } },
    { id: 'line', type: 'measure/linear', params: { matrix: [[0.6, 0.8]], sigmaY: 0.5, seed: 1 } },
    { id: 'coord', type: 'measure/linear', params: { matrix: [[1, 0], [0, 0]], sigmaY: 0.1, seed: 2 } },
    { id: 'vp', type: 'schedule/linear', params: { T: 200 } },
    { id: 'xT', type: 'noise/prior', params: { n: 48, dim: 2, seed: 1 } },
    { id: 'score', type: 'score/analytic' },
    { id: 'wide', type: 'data/gaussian-mixture', params: { weights: [0.4, 0.6], means: [[-1, 0], [1, 1]], stds: [0.8, 1] } },
    { id: 'wideScore', type: 'score/analytic' },
    { id: 'plane', type: 'measure/linear', params: { matrix: [[1, 0.5], [-0.3, 0.8]], sigmaY: 0.3, seed: 1 } },
    { id: 'short', type: 'schedule/linear', params: { T: 12, betaStart: 0.01, betaEnd: 0.2 } },
    { id: 'dps', type: 'sampler/dps', params: { zeta: 0.2, seed: 5 } },
    { id: 'pigdm', type: 'sampler/pigdm', params: { steps: 12, eta: 0.7, guidance: 1.5, seed: 5 } },
    { id: 'ddrm', type: 'sampler/ddrm', params: { steps: 10, eta: 0.85, etaB: 0.9, seed: 5 } },
    { id: 'ddrmMask', type: 'sampler/ddrm', params: { steps: 8, seed: 6 } },
    { id: 'repaint', type: 'sampler/repaint', params: { jump: 20, resamples: 2, seed: 5 } },
    { id: 'ddrmPlain', type: 'sampler/ddrm', params: { steps: 6, seed: 3 } },
  ],
  [
    edge('data', 'dist', 'truth', 'dist'),
    edge('truth', 'x', 'line', 'x'),
    edge('truth', 'x', 'coord', 'x'),
    edge('vp', 'schedule', 'xT', 'schedule'),
    edge('data', 'dist', 'score', 'dist'),
    edge('wide', 'dist', 'wideScore', 'dist'),
    edge('truth', 'x', 'plane', 'x'),
    edge('wideScore', 'predictor', 'dps', 'predictor'),
    edge('short', 'schedule', 'dps', 'schedule'),
    edge('plane', 'operator', 'dps', 'operator'),
    edge('plane', 'y', 'dps', 'y'),
    ...['pigdm', 'ddrm', 'ddrmMask', 'repaint', 'ddrmPlain'].map((id) => edge('score', 'predictor', id, 'predictor')),
    ...['pigdm', 'ddrm', 'ddrmMask', 'repaint', 'ddrmPlain'].map((id) => edge('vp', 'schedule', id, 'schedule')),
    ...['dps', 'pigdm', 'ddrm', 'ddrmMask', 'repaint', 'ddrmPlain'].map((id) => edge('xT', 'x', id, 'xT')),
    ...['pigdm', 'ddrm'].flatMap((id) => [edge('line', 'operator', id, 'operator'), edge('line', 'y', id, 'y')]),
    ...['ddrmMask', 'repaint'].flatMap((id) => [edge('coord', 'operator', id, 'operator'), edge('coord', 'y', id, 'y')]),
  ],
);

/**
 * DDRM with the shipped U-Net on digits through a blur, a 2× downsampling and a box mask (the separable
 * SVDs of 28×28 maps), RePaint on the mask, and ΠGDM (version 2, the paper's weighting) on the mask:
 * its vector–Jacobian product runs through the U-Net in both (the script's net keeps a graph when
 * x requires grad).
 */
const imageOps: [string, string, Record<string, unknown>][] = [
  ['blur', 'measure/blur', { blur: 1.2, sigmaY: 0.05 }],
  ['down', 'measure/downsample', { factor: 2, sigmaY: 0.02 }],
  ['box', 'measure/inpaint', { mask: 'box', sigmaY: 0.05 }],
];
const imageGraph = graph(
  'inverse-images',
  [
    { id: 'digits', type: 'data/mnist', params: { n: 20, skip: 8000 } },
    { id: 'pick', type: 'data/sample', params: { n: 2, seed: 3 } },
    { id: 'unet', type: 'model/pretrained', params: { name: 'mnist-unet' } },
    { id: 'vp', type: 'schedule/linear', params: { T: 24, betaStart: 0.001, betaEnd: 0.2 } },
    { id: 'xT', type: 'noise/normal', params: { n: 2, shape: [28, 28, 1], seed: 2 } },
    ...imageOps.flatMap(([id, type, params]) => [
      { id, type, params },
      { id: `${id}Ddrm`, type: 'sampler/ddrm', params: { steps: 3, seed: 4 } },
    ]),
    { id: 'repaint', type: 'sampler/repaint', params: { jump: 6, resamples: 2, seed: 4 } },
    { id: 'pigdm', type: 'sampler/pigdm', typeVersion: 2, params: { steps: 3, seed: 4 } },
  ],
  [
    edge('digits', 'dist', 'pick', 'dist'),
    ...imageOps.flatMap(([id]) => [edge('pick', 'x', id, 'x'), edge(id, 'operator', `${id}Ddrm`, 'operator'), edge(id, 'y', `${id}Ddrm`, 'y')]),
    ...[...imageOps.map(([id]) => `${id}Ddrm`), 'repaint', 'pigdm'].flatMap((id) => [edge('unet', 'predictor', id, 'predictor'), edge('vp', 'schedule', id, 'schedule'), edge('xT', 'x', id, 'xT')]),
    ...['repaint', 'pigdm'].flatMap((id) => [edge('box', 'operator', id, 'operator'), edge('box', 'y', id, 'y')]),
  ],
);

/** Every scalar output in the lab's summary (node.port) beside the script's. */
function compareScalars(lab: Record<string, unknown>, script: Record<string, unknown>): { where: string; lab: number; script: number }[] {
  type Summary = Record<string, { outputs?: Record<string, { value?: number }> }>;
  const [mine, theirs] = [lab.nodes as Summary, script.nodes as Summary];
  return Object.entries(mine).flatMap(([node, entry]) =>
    Object.entries(entry.outputs ?? {})
      .filter(([, o]) => typeof o.value === 'number')
      .map(([port, o]) => ({ where: `${node}.${port}`, lab: o.value!, script: theirs[node]?.outputs?.[port]?.value ?? NaN })),
  );
}

describe.skipIf(!hasTorch)('inverse problems exported', () => {
  it('measurements (mask, box, random mask, blur, downsampling, noise), consistency and PSNR match the lab', async () => {
    const [lab, script] = await Promise.all([runLab(measureGraph), runExported(measureGraph)]);
    expect(script.code, script.output).toBe(0);
    const arrays = compareRuns(lab.arrays, script.arrays);
    expect(arrays.map((c) => c.file).sort()).toEqual(['x.x.npy', 'img.x.npy', ...measures.map(([id]) => `${id}.y.npy`)].sort());
    for (const c of arrays) expect(c.relError, c.file).toBeLessThan(1e-4);
    const scalars = compareScalars(lab.summary, script.summary);
    expect(scalars.length).toBeGreaterThanOrEqual(measures.length * 3 + 4);
    for (const s of scalars) expect(Math.abs(s.script - s.lab), s.where).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(s.lab), 1));
  });

  it('label agreement of masked and true digits matches the lab', async () => {
    const [lab, script] = await Promise.all([runLab(digitsGraph), runExported(digitsGraph)]);
    expect(script.code, script.output).toBe(0);
    for (const c of compareRuns(lab.arrays, script.arrays)) expect(c.relError, c.file).toBeLessThan(1e-4);
    const scalars = compareScalars(lab.summary, script.summary).filter((s) => s.where.startsWith('agree'));
    expect(scalars.map((s) => s.where).sort()).toEqual(['agree.agreement', 'agree.confident', 'agreeClean.agreement', 'agreeClean.confident']);
    // Fractions of 12 digits: the same digits read as the same classes give the same counts.
    for (const s of scalars) expect(s.script, s.where).toBe(s.lab);
    expect(scalars.find((s) => s.where === 'agreeClean.agreement')!.lab).toBeGreaterThan(0.8);
  });

  it('DPS, ΠGDM, DDRM and RePaint on points match the lab step for step', async () => {
    const [lab, script] = await Promise.all([runLab(samplerGraph), runExported(samplerGraph)]);
    expect(script.code, script.output).toBe(0);
    const arrays = compareRuns(lab.arrays, script.arrays);
    expect(arrays.filter((c) => c.file.endsWith('.x0.npy')).length).toBe(6);
    for (const c of arrays) expect(c.relError, c.file).toBeLessThan(1e-4);
    for (const s of compareScalars(lab.summary, script.summary)) expect(s.script, s.where).toBe(s.lab);
  });

  it('DDRM through blur, downsampling and mask SVDs of images, RePaint and ΠGDM with the U-Net match the lab', { timeout: 240_000 }, async () => {
    const [lab, script] = await Promise.all([runLab(imageGraph), runExported(imageGraph)]);
    expect(script.code, script.output).toBe(0);
    const arrays = compareRuns(lab.arrays, script.arrays);
    expect(arrays.filter((c) => c.file.endsWith('.x0.npy')).length).toBe(5);
    for (const c of arrays) expect(c.relError, c.file).toBeLessThan(1e-4);
  });
});
