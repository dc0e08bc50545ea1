import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode, testContext } from '../../engine/testing';
import type { Model } from '../../../nodes/lib/nn/model';
import { encodeModelFile } from '../../../nodes/lib/nn/model-file';
import classifier from '../../../nodes/model/classifier';
import scoreMlp from '../../../nodes/model/score-mlp';
import unet from '../../../nodes/model/unet';
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

  it('makes the record a model node restores in place of its seeded weights, and refuses another architecture naming the node and the fields', async () => {
    const before = tf.memory().numTensors;
    const params = unet.params.parse({ height: 8, width: 8, levels: [8, 16], seed: 4 }) as Record<string, unknown>;
    const net = (await runNode(unet, {}, params, { seed: 4 })).model as Model;
    const bytes = await encodeModelFile(net, 'F32');
    const target = { id: 'net', type: 'model/unet', params, portType: 'score-net', seriesPorts: [] };
    const { stored, count } = storedFromModelFile(bytes, 'unet.safetensors', target);
    const restored = (await unet.persist!.restore(stored, {}, params as never, testContext())) as { model: Model; parameters: number };
    expect(restored.parameters).toBe(count);
    expect(Array.from((await restored.model.getWeights()).theta)).toEqual(Array.from((await net.getWeights()).theta));
    expect(unet.persist!.save).toBeUndefined(); // a model node keeps nothing of its own runs
    expect(() => storedFromModelFile(bytes, 'unet.safetensors', { ...target, params: { ...params, levels: [8, 8], attention: true } })).toThrow(
      "node 'net' (model/unet) is set to levels [8,8], attention true; the file's network has levels [8,16], attention false",
    );
    // The classifier's params name its channels apart (channels1, channels2); the config holds them as one list.
    const cp = classifier.params.parse({ size: 14, channels1: 4, channels2: 8, hidden: 16 }) as Record<string, unknown>;
    const cls = (await runNode(classifier, {}, cp, { seed: 1 })).model as Model;
    const clsBytes = await encodeModelFile(cls, 'F32');
    const clsTarget = { id: 'judge', type: 'model/classifier', params: cp, portType: 'classifier', seriesPorts: [] };
    expect(storedFromModelFile(clsBytes, 'cls.safetensors', clsTarget).kind).toBe('digit-classifier');
    expect(() => storedFromModelFile(clsBytes, 'cls.safetensors', { ...clsTarget, params: { ...cp, channels2: 16 } })).toThrow(/node 'judge' \(model\/classifier\) is set to channels \[4,16\]; the file's network has channels \[4,8\]/);
    [net, restored.model, cls].forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
