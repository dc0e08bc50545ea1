import * as tf from '@tensorflow/tfjs';
import type { OutputSummary } from '../src/engine/api';
import type { AnyNodeDef, Values } from '../src/engine/node';
import { portSpec } from '../src/engine/ports';
import type { Preview } from '../src/engine/preview';
import { autoPreview } from '../nodes/lib/auto-preview';

/**
 * Describe a node's outputs for clients (the editor, the CLI's summary.json):
 * shapes of tensors, scalar values, one line for other values, and a small preview
 * where one can be drawn. Reads tensors asynchronously (never dataSync: WebGPU).
 */
export async function summarizeOutputs(def: AnyNodeDef, outputs: Values, withPreviews = true): Promise<OutputSummary[]> {
  const summaries: OutputSummary[] = [];
  for (const [port, decl] of Object.entries(def.outputs)) {
    const type = portSpec(decl).type;
    const value = outputs[port];
    const summary: OutputSummary = { port, type };
    if (value instanceof tf.Tensor) summary.shape = value.shape.slice();
    else if (typeof value === 'number') summary.value = value;
    else if (type === 'preview') summary.preview = value as Preview;
    else summary.text = describe(value);
    const frames = (value as { frames?: unknown } | undefined)?.frames;
    if (frames instanceof tf.Tensor) summary.shape = frames.shape.slice();
    if (withPreviews && !summary.preview) {
      const preview = await autoPreview(type, value);
      if (preview) summary.preview = preview;
    }
    summaries.push(summary);
  }
  return summaries;
}

/** One line for a schedule, distribution, predictor, model or series. */
function describe(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (typeof v.describe === 'function') return String((v.describe as () => unknown)());
  const parts: string[] = [];
  if (typeof v.name === 'string') parts.push(v.name);
  if (typeof v.family === 'string') parts.push(v.family.toUpperCase());
  if (typeof v.N === 'number') parts.push(`N = ${v.N}`);
  if (typeof v.dim === 'number') parts.push(`d = ${v.dim}`);
  if (typeof v.native === 'string') parts.push(`reads as ${v.native}`);
  if (Array.isArray(v.y)) parts.push(`${(v.y as unknown[]).length} points`);
  return parts.join(', ') || undefined;
}
