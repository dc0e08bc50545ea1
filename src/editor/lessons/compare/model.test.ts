import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutputSummary } from '../../../engine/api';
import { parseGraphFile } from '../../../engine/load';
import type { TrajectoryPreview } from '../../../engine/preview';
import { registry } from '../../registry';
import type { NodeRun } from '../../store/run';
import { FIELD_T_MIN, fieldTime } from './field-graph';
import { compareEntries, referenceOptions } from './model';

const lesson = parseGraphFile(readFileSync(new URL('../../../../graphs/lessons/07-sdes.json', import.meta.url), 'utf8'), registry).graph!;
const points = (n: number) => ({ kind: 'scatter', points: new Float32Array(2 * n) }) as const;
const traj: TrajectoryPreview = { kind: 'trajectory', frames: new Float32Array(8), k: 2, n: 2, times: Float32Array.from([1, 0]), timeLabel: 't' };

/** Outputs as a run of lesson 7 leaves them, for a few nodes. */
const outputs: Record<string, OutputSummary[]> = {
  ddpm: [
    { port: 'x0', type: 'tensor', shape: [2000, 2], preview: points(1500) },
    { port: 'trajectory', type: 'trajectory', shape: [20, 2000, 2] },
    { port: 'nfe', type: 'number', value: 1000 },
  ],
  ddpmPath: [{ port: 'preview', type: 'preview', preview: traj }],
  ode: [
    { port: 'x0', type: 'tensor', shape: [2000, 2], preview: points(1500) },
    { port: 'nfe', type: 'number', value: 200 },
  ],
  xT: [{ port: 'x', type: 'tensor', shape: [2000, 2], preview: points(1500) }],
  fresh: [{ port: 'x', type: 'tensor', shape: [2000, 2], preview: points(1500) }],
  floor: [{ port: 'value', type: 'number', value: 0.05 }],
};
const done: NodeRun = { status: 'done', seconds: 1 };

describe('what the compare view finds in a run', () => {
  it('lists the samplers that produced samples, with their trajectory view, inputs and nfe', () => {
    const entries = compareEntries(lesson, outputs, { ddpm: done, ddpmPath: { status: 'cached' }, ode: done });
    expect(entries.map((e) => e.id)).toEqual(['ddpm', 'ode']);
    const [ddpm, ode] = entries;
    expect(ddpm).toMatchObject({ label: 'DDPM ancestral (linear β)', nfe: 1000, trajectoryView: 'ddpmPath', trajectory: traj, current: true });
    expect(ddpm.predictor).toEqual({ node: 'score', port: 'predictor' });
    expect(ddpm.schedule).toEqual({ node: 'linear', port: 'schedule' });
    expect(ddpm.xT).toEqual({ node: 'xT', port: 'x' });
    // Its view (odePath) has not run: no trajectory to scrub, but the samples are there.
    expect(ode).toMatchObject({ trajectoryView: 'odePath', trajectory: undefined, nfe: 200, current: false });
  });

  it('marks a sampler edited since its run (its status cleared) as not current', () => {
    const [ddpm] = compareEntries(lesson, outputs, { ddpmPath: done });
    expect(ddpm.current).toBe(false);
  });

  it('offers every 2-D point set as the reference, data draws first', () => {
    const refs = referenceOptions(lesson, outputs);
    expect(refs.map((r) => `${r.ref.node}.${r.ref.port}`)).toEqual(['fresh.x', 'xT.x', 'ddpm.x0', 'ode.x0']);
    expect(refs[0].label).toBe('Data draw (compared with)');
  });

  it('evaluates the field no closer to the data than t = 1e-3, and at σ on σ axes', () => {
    expect(fieldTime({ label: 't', t: 0 })).toBe(FIELD_T_MIN);
    expect(fieldTime({ label: 't', t: 0.4 })).toBe(0.4);
    expect(fieldTime({ label: 'σ', t: 3.5 })).toBe(3.5);
  });
});
