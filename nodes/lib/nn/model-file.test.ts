import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../safetensors';
import { normal } from '../random';
import { relErr } from './testing';
import { decodeModelFile, encodeModelFile, modelFromFile } from './model-file';
import { buildUNet, unetConfig, unetInit, type UNet } from './unet';
import { unetParamCount } from './unet-layout';

/** A small U-Net with every weight random (so its output is not zero). */
function randomUNet(): UNet {
  const config = unetConfig({ height: 14, width: 14, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 3);
  const theta = tf.tidy(() => tf.add(unetInit(config, 4), tf.mul(normal<tf.Rank.R1>([unetParamCount(config)], 5), 0.05)));
  return buildUNet(config, theta);
}

describe('model files', () => {
  it('write a U-Net layer by layer and read it back: F32 exactly, F16 within its rounding', async () => {
    const before = tf.memory().numTensors;
    const net = randomUNet();
    const x = normal<tf.Rank.R4>([4, 14, 14, 1], 6);
    const y = net.apply(x, 0.8);
    const f32 = decodeSafetensors(await encodeModelFile(net, 'F32'));
    expect(f32.tensors['down.0.res.0.conv1.w'].shape).toEqual([3, 3, 8, 8]);
    expect(Array.from(decodeModelFile(f32, 'f32').weights.theta)).toEqual(Array.from((await net.getWeights()).theta));
    const copy = modelFromFile(decodeSafetensors(await encodeModelFile(net, 'F16')), 'f16') as unknown as UNet;
    const yHalf = copy.apply(x, 0.8);
    // Each weight moves by at most 2^-11 relative (F16's half ulp); through the network's ~10
    // layers the prediction moved 0.6e-3 relative to its largest entry here: bound 3e-3, and not 0.
    const err = await relErr(yHalf, y);
    expect(err).toBeLessThan(3e-3);
    expect(err).toBeGreaterThan(0);
    tf.dispose([x, y, yHalf]);
    net.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuse files that are not the lab’s or do not fit the network, naming the problem', async () => {
    const net = randomUNet();
    const file = decodeSafetensors(await encodeModelFile(net, 'F32'));
    net.dispose();
    expect(() => decodeModelFile({ ...file, metadata: { ...file.metadata, format: 'x' } }, 'm.safetensors')).toThrow(/m.safetensors: not a model file of the lab/);
    const { ['out.w']: _dropped, ...rest } = file.tensors;
    expect(() => decodeModelFile({ ...file, tensors: rest }, 'm')).toThrow(/the U-Net weight 'out.w' is missing/);
    expect(() => decodeModelFile({ ...file, tensors: { ...file.tensors, 'out.b': { shape: [2], data: new Float32Array(2) } } }, 'm')).toThrow(/'out.b' has shape \[2\], the U-Net needs \[1\]/);
    expect(() => decodeModelFile({ ...file, tensors: { ...file.tensors, extra: { shape: [1], data: new Float32Array(1) } } }, 'm')).toThrow(/unknown tensors extra/);
    expect(() => decodeModelFile(decodeSafetensors(encodeSafetensors({}, { format: 'diffusion-graph-lab/model', config: '{' })), 'm')).toThrow(/config is not valid JSON/);
  });
});
