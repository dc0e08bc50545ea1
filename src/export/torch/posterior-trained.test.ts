import { describe, expect, it } from 'vitest';
import { compareRuns, NO_TORCH, runExported, runLab, torchPython } from './parity';
import { smallTrainingGraph } from './python/small-training';

/**
 * DPS and ΠGDM through a network trained in the graph (issue 20): their vector–Jacobian products
 * ∇ₓ‖y − A x̂₀(x)‖ run through the trained score MLP by autodiff on both sides (the script's
 * predictor keeps a graph when x requires grad; before, under torch.no_grad, the script refused; and
 * the lab's MLP now saves its noise-level row for the backward, which a predictor's tidy had disposed
 * under tf.grad, so the lab failed). train/denoising (80 Adam steps on eight Gaussians) feeds DPS on a 2×2 map (a short chain, T = 12:
 * DPS's r/‖r‖ step amplifies rounding over long ones, see inverse-parity.test.ts) and ΠGDM on
 * y = 0.6 x₁ + 0.8 x₂, from the same 48 prior points. The trained weights agree to float32 rounding
 * (train-loops.test.ts), so the samples agree number for number: measured DPS 1.3e-5, ΠGDM 1.4e-6.
 */
const hasTorch = torchPython() !== null;
if (!hasTorch) console.warn(NO_TORCH);

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}-${targetPort}`, source, sourcePort, target, targetPort });

function posteriorGraph() {
  const g = smallTrainingGraph(80);
  g.nodes = g.nodes.filter((n) => !['trained', 'points', 'eval'].includes(n.id));
  g.edges = g.edges.filter((e) => !['trained', 'points', 'eval'].includes(e.target) && e.source !== 'trained');
  g.nodes.push(
    node('truth', 'data/sample', { n: 1, seed: 7 }),
    node('plane', 'measure/linear', { matrix: [[1, 0.5], [-0.3, 0.8]], sigmaY: 0.3, seed: 1 }),
    node('line', 'measure/linear', { matrix: [[0.6, 0.8]], sigmaY: 0.5, seed: 1 }),
    node('short', 'schedule/linear', { T: 12, betaStart: 0.01, betaEnd: 0.2 }),
    node('xT', 'noise/prior', { n: 48, dim: 2, seed: 1 }),
    node('dps', 'sampler/dps', { zeta: 0.2, seed: 5 }),
    node('pigdm', 'sampler/pigdm', { steps: 10, seed: 5 }),
  );
  g.edges.push(
    edge('data', 'dist', 'truth', 'dist'),
    edge('truth', 'x', 'plane', 'x'),
    edge('truth', 'x', 'line', 'x'),
    edge('schedule', 'schedule', 'xT', 'schedule'),
    edge('train', 'predictor', 'dps', 'predictor'),
    edge('short', 'schedule', 'dps', 'schedule'),
    edge('plane', 'operator', 'dps', 'operator'),
    edge('plane', 'y', 'dps', 'y'),
    edge('train', 'predictor', 'pigdm', 'predictor'),
    edge('schedule', 'schedule', 'pigdm', 'schedule'),
    edge('line', 'operator', 'pigdm', 'operator'),
    edge('line', 'y', 'pigdm', 'y'),
    ...['dps', 'pigdm'].map((id) => edge('xT', 'x', id, 'xT')),
  );
  return g;
}

describe.skipIf(!hasTorch)('posterior samplers through a trained network, exported', () => {
  it('DPS and ΠGDM on a score MLP trained in the graph match the lab', { timeout: 300_000 }, async () => {
    const g = posteriorGraph();
    const [lab, script] = [await runLab(g), await runExported(g)];
    expect(script.code, script.output).toBe(0);
    const arrays = compareRuns(lab.arrays, script.arrays);
    expect(arrays.filter((c) => c.file.endsWith('.x0.npy')).map((c) => c.file).sort()).toEqual(['dps.x0.npy', 'pigdm.x0.npy']);
    console.log(Object.fromEntries(arrays.map((c) => [c.file, c.relError.toExponential(2)])));
    for (const c of arrays) expect(c.relError, c.file).toBeLessThan(1e-4);
  });
});
