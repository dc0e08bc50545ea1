import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { restoreModel } from '../../nodes/lib/nn/kinds';
import type { Model, ModelConfig, NamedWeights } from '../../nodes/lib/nn/model';
import { decodeSafetensors, encodeSafetensors, type SafeFile } from '../../nodes/lib/safetensors';
import type { TrainingCheckpoints, TrainingState } from '../../nodes/lib/nn/train-checkpoints';

/**
 * `--checkpoint <node>=<file>`: a training node's full state (θ, Adam's m and v, the weight
 * average, all F32) in a safetensors file, its step count, loss curve, config and recipe in
 * `__metadata__`. The node continues from the file when it exists and rewrites it every
 * `--checkpoint-every` steps and at the end (written to <file>.tmp, then renamed: a killed
 * process leaves the previous checkpoint whole).
 */
export const CHECKPOINT_FORMAT = 'diffusion-graph-lab/checkpoint';

export function encodeCheckpoint(s: TrainingState): Uint8Array {
  const n = s.theta.length;
  const tensors = { theta: { shape: [n], data: s.theta }, 'adam.m': { shape: [n], data: s.adam.m }, 'adam.v': { shape: [n], data: s.adam.v }, ...(s.adam.avg ? { 'adam.avg': { shape: [n], data: s.adam.avg } } : {}) };
  const metadata = { format: CHECKPOINT_FORMAT, config: JSON.stringify(s.config), recipe: s.recipe, loop: JSON.stringify(s.loop), 'adam.t': String(s.adam.t) };
  return encodeSafetensors(tensors, metadata, 'F32');
}

export function decodeCheckpoint(bytes: Uint8Array, what: string): TrainingState {
  return checkpointState(decodeSafetensors(bytes, what), what);
}

/** The training state a decoded checkpoint file holds. */
export function checkpointState(file: SafeFile, what: string): TrainingState {
  const { tensors, metadata } = file;
  if (metadata.format !== CHECKPOINT_FORMAT) throw new Error(`${what}: not a training checkpoint (__metadata__.format is ${JSON.stringify(metadata.format)})`);
  const need = (name: string) => {
    const t = tensors[name];
    if (!t) throw new Error(`${what}: tensor '${name}' is missing`);
    return t.data;
  };
  const parse = (key: string) => {
    try {
      return JSON.parse(metadata[key]);
    } catch {
      throw new Error(`${what}: __metadata__.${key} is not valid JSON`);
    }
  };
  const t = Number(metadata['adam.t']);
  if (!Number.isInteger(t) || t < 0) throw new Error(`${what}: __metadata__['adam.t'] is ${JSON.stringify(metadata['adam.t'])}, not a step count`);
  return { config: parse('config'), recipe: metadata.recipe, loop: parse('loop'), theta: need('theta'), adam: { m: need('adam.m'), v: need('adam.v'), avg: tensors['adam.avg']?.data, t } };
}

/** Hooks for the training nodes named in `files` (node id → path), checkpointing every `every` steps. */
export function fileCheckpoints(files: Record<string, string>, every: number, log: (line: string) => void): TrainingCheckpoints {
  return {
    every,
    nodes: Object.keys(files),
    async load(nodeId) {
      const path = files[nodeId];
      if (!existsSync(path)) return undefined;
      const state = decodeCheckpoint(new Uint8Array(await readFile(path)), path);
      log(`  ${nodeId}: continuing from ${path} at step ${state.loop.step}`);
      return state;
    },
    async save(nodeId, state) {
      const path = files[nodeId];
      await writeFile(`${path}.tmp`, encodeCheckpoint(state));
      await rename(`${path}.tmp`, path);
      log(`  ${nodeId}: checkpoint at step ${state.loop.step} → ${path}`);
    },
  };
}

/**
 * The network a checkpoint stands for: with an EMA (the recipe's `ema` δ > 0), the bias-corrected
 * average θ̄/(1 − δᵗ) that train/denoising outputs; else θ. The caller owns the model.
 */
export function checkpointModel(file: SafeFile, what: string): { model: Model; step: number } {
  const { config, weights, step } = checkpointModelWeights(file, what);
  return { model: restoreModel(config, weights), step };
}

/** The config and weights of the network a checkpoint stands for (see checkpointModel), not yet built. */
export function checkpointModelWeights(file: SafeFile, what: string): { config: ModelConfig; weights: NamedWeights; metadata: Record<string, string>; step: number } {
  const state = checkpointState(file, what);
  const ema = Number((JSON.parse(state.recipe) as { params?: { ema?: unknown } }).params?.ema ?? 0);
  const avg = state.adam.avg;
  const theta = ema > 0 && avg && state.adam.t > 0 ? Float32Array.from(avg, (v) => v / (1 - ema ** state.adam.t)) : state.theta;
  return { config: state.config, weights: { theta }, metadata: {}, step: state.loop.step };
}
