import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import type { TrajectoryPreview } from '../../src/engine/preview';
import { pointTrajectory } from '../lib/port-inputs';
import { boundsXY, MAX_PREVIEW_POINTS, readXY, strideAlong } from '../lib/previews';
import { strideIndices } from '../lib/subsample';

export default defineNode({
  type: 'view/trajectory',
  version: 1,
  title: 'Trajectory',
  category: 'view',
  inputs: { trajectory: 'trajectory' },
  outputs: { preview: 'preview' },
  params: z.object({
    maxPoints: z.number().int().min(1).max(MAX_PREVIEW_POINTS).default(500).describe('most points followed per frame (evenly spaced subsample)'),
    maxFrames: z.number().int().min(1).max(100).default(100).describe('most frames kept (evenly spaced, first and last included)'),
  }),
  mainParams: ['maxPoints'],
  docs: {
    summary: 'Animates a sampler’s snapshots: the same points followed from noise to samples, frame by frame.',
    reference: 'Chan, §3.4 and §4 (sampling as a path from x_T to x_0)',
    notes: [
      'The same subset of points in every frame (evenly spaced, deterministic), so each point can be followed; frames are subsampled evenly, keeping the first and the last.',
      'Points of more than two dimensions are drawn by their first two coordinates. Bounds fit the last frame (the samples): early frames of a VE start (σ_max = 50) reach far outside them.',
    ].join('\n\n'),
  },
  run: async (inputs, p) => {
    const { frames, times, timeLabel } = pointTrajectory(inputs.trajectory, 'trajectory');
    const kept = tf.tidy(() => strideAlong(strideAlong(frames, 0, p.maxFrames), 1, p.maxPoints));
    let xy: Float32Array;
    try {
      xy = await readXY(kept);
    } finally {
      if (kept !== frames) kept.dispose();
    }
    const preview: TrajectoryPreview = {
      kind: 'trajectory',
      frames: xy,
      k: kept.shape[0],
      n: kept.shape[1],
      times: Float32Array.from(strideIndices(times.length, p.maxFrames), (i) => times[i]),
      timeLabel,
      bounds: boundsXY(xy.subarray(2 * kept.shape[1] * (kept.shape[0] - 1))),
    };
    return { preview };
  },
});
