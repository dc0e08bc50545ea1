import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode, testContext } from '../../engine/testing';
import type { Model } from '../../../nodes/lib/nn/model';
import { encodeModelFile } from '../../../nodes/lib/nn/model-file';
import scoreMlp from '../../../nodes/model/score-mlp';
import vae from '../../../nodes/model/vae';
import denoising from '../../../nodes/train/denoising';
import { storedFromModelFile } from './load-weights';

/** The page's "Load weights…" record: train/denoising's own persist restores the file's network (same weights, the file's curve); a VAE file is refused for a score network node. */
describe('storedFromModelFile', () => {
  it('makes the record a training node restores, and refuses another kind naming it', async () => {
    const before = tf.memory().numTensors;
    const net = (await runNode(scoreMlp, {}, { hidden: 16, layers: 2 }, { seed: 3 })).model as Model;
    const curve = { name: 'DSM loss', xLabel: 'step', yLabel: 'loss', x: [1, 2], y: [0.9, 0.7] };
    const bytes = await encodeModelFile(net, 'F32', { series: JSON.stringify({ loss: curve }) });
    const { stored, kind, count } = storedFromModelFile(bytes, 'net.safetensors', { id: 'train', portType: 'score-net', seriesPorts: ['loss'] });
    expect([kind, count]).toEqual(['score-mlp', net.variables.theta.size]);
    const restored = (await denoising.persist!.restore(stored, {}, {} as never, testContext())) as { model: Model; loss: unknown };
    expect(restored.loss).toEqual(curve);
    expect(Array.from((await restored.model.getWeights()).theta)).toEqual(Array.from((await net.getWeights()).theta));
    const v = (await runNode(vae, {}, { height: 4, width: 4, hidden: 16 }, { seed: 1 })).model as Model;
    expect(() => storedFromModelFile(new Uint8Array(0), 'empty.safetensors', { id: 'train', portType: 'score-net', seriesPorts: [] })).toThrow(/empty.safetensors: 0 bytes/);
    const vaeBytes = await encodeModelFile(v, 'F32');
    expect(() => storedFromModelFile(vaeBytes, 'vae.safetensors', { id: 'train', portType: 'score-net', seriesPorts: ['loss'] })).toThrow(/holds a vae, node 'train' outputs a score-net/);
    [net, v, restored.model].forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
