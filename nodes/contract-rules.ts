import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { SamplerCapabilities } from '../src/engine/capabilities';
import { CancelledError } from '../src/engine/context';
import type { ParamsMigration } from '../src/engine/migrations';
import type { AnyNodeDef } from '../src/engine/node';
import { runNode } from '../src/engine/testing';
import type { Schedule } from '../src/engine/values';
import { normal } from './lib/random';
import { gaussianPredictor, values } from './lib/sampling/testing';
import { linearSchedule, veSchedule, vpSchedule } from './lib/schedules';

/**
 * The node contract as checks that list what a definition gets wrong (empty: it holds).
 * contract.test.ts and contract-run.test.ts apply them to every registered node type (the
 * registry is walked, not a hand-kept list) and to throwaway definitions that skip a rule, so
 * a new node type that skips one fails by itself. Sample quality and SDE consistency of
 * samplers: contract-samplers.test.ts.
 */

export const isNodeDef = (v: unknown): v is AnyNodeDef => typeof v === 'object' && v !== null && typeof (v as AnyNodeDef).type === 'string' && typeof (v as AnyNodeDef).run === 'function';

/** nodes/<category>/<name>.ts defines '<category>/<name>' (a bare type 'note' lives at nodes/note/note.ts); every registered type has such a file. */
export function filePathProblems(modules: Record<string, { default?: unknown }>, registered: readonly AnyNodeDef[]): string[] {
  const out: string[] = [];
  const fromFiles = new Set<string>();
  for (const [path, mod] of Object.entries(modules)) {
    if (!isNodeDef(mod.default)) continue;
    const [dir, name] = path.replace(/^\.\//, '').replace(/\.ts$/, '').split('/');
    const expected = dir === name ? name : `${dir}/${name}`;
    if (mod.default.type !== expected) out.push(`${path} defines '${mod.default.type}', its path names '${expected}'`);
    fromFiles.add(mod.default.type);
  }
  for (const def of registered) if (!fromFiles.has(def.type)) out.push(`'${def.type}' is registered without nodes/<category>/<name>.ts`);
  return out;
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; [k: string]: unknown };

/** Paths of numbers without both bounds, strings without maxLength and arrays without maxItems in a params schema. */
function unbounded(schema: JsonSchema, path = 'params'): string[] {
  const out: string[] = [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if ((types.includes('number') || types.includes('integer')) && !('enum' in schema) && !('const' in schema)) {
    // zod writes an integer's implicit range (±2⁵³ − 1) as bounds: those bound nothing.
    const bound = (...keys: string[]) => keys.some((k) => typeof schema[k] === 'number' && Math.abs(schema[k] as number) < Number.MAX_SAFE_INTEGER);
    if (!bound('minimum', 'exclusiveMinimum') || !bound('maximum', 'exclusiveMaximum')) out.push(`${path}: number without both bounds`);
  }
  if (types.includes('string') && !('enum' in schema) && !('const' in schema) && !('maxLength' in schema)) out.push(`${path}: string without maxLength`);
  if (types.includes('array') && !('maxItems' in schema) && !('prefixItems' in schema && !schema.items)) out.push(`${path}: array without maxItems`);
  for (const [k, s] of Object.entries(schema.properties ?? {})) out.push(...unbounded(s, `${path}.${k}`));
  if (schema.items && typeof schema.items === 'object') out.push(...unbounded(schema.items, `${path}[]`));
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...unbounded(s, path));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.push(...unbounded(schema.additionalProperties as JsonSchema, `${path}{}`));
  return out;
}

/** Categories whose nodes only show, document or wire values: no equation of their own is asked of them. */
const NO_MATH = new Set(['view', 'note', 'loop']);

/** Defaults parse, params bounded, version and migrations, docs, capabilities: what a definition says of itself. */
export function staticProblems(def: AnyNodeDef): string[] {
  const out: string[] = [];
  if (def.type.split('/')[0] !== def.category) out.push(`category '${def.category}' is not the type's first segment`);
  if (!def.params.safeParse({}).success) out.push("its params' defaults do not parse");
  out.push(...unbounded(z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema));
  if (!Number.isInteger(def.version) || def.version < 1) out.push(`version ${def.version} is not an integer ≥ 1`);
  if (def.version > 1 && typeof def.migrate !== 'function') out.push(`version ${def.version} needs a migration from older versions`);
  const steps = (def.migrate as Partial<ParamsMigration> | undefined)?.steps;
  if (steps && steps.map((s) => s.from).join() !== Array.from({ length: def.version - 1 }, (_, k) => k + 1).join()) out.push('its migration needs one named step per older version');
  if ((def.docs.summary?.trim().length ?? 0) <= 10) out.push('docs.summary missing or too short');
  if (!NO_MATH.has(def.category) && !def.passive) {
    if (!def.docs.equation?.trim()) out.push('docs.equation missing (it computes math)');
    if (!def.docs.reference?.trim()) out.push('docs.reference missing (it computes math)');
  }
  if (def.category === 'schedule' && !def.schedule) out.push('a schedule declares its capabilities (family, path, sigmaGrid)');
  if (def.category === 'sampler' && !def.sampler) out.push('a sampler declares its capabilities (schedule, stochastic, expand)');
  return out;
}

/** Central difference of f at t. */
const derivative = (f: (t: number) => number, t: number, h = 1e-6) => (f(t + h) - f(t - h)) / (2 * h);
/** Off the discrete grids t_i = i/T (where the interpolated path has kinks). */
const TIMES = [0.1234567, 0.3141593, 0.5271828, 0.7654321, 0.9012345];

/**
 * A schedule on its defaults is the path its capabilities declare, with the SDE
 * f = d log a/dt, g² = d(s²)/dt − 2 f s² (finite differences), σ(t) inverted by tOfSigma,
 * and its levels running from the noisiest.
 */
export async function scheduleProblems(def: AnyNodeDef): Promise<string[]> {
  const caps = def.schedule;
  if (!caps) return ['no schedule capabilities'];
  const { schedule } = (await runNode(def, {}, {})) as { schedule: Schedule };
  const out: string[] = [];
  if (schedule.family !== caps.family) out.push(`family ${schedule.family}, declared ${caps.family}`);
  if (schedule.discrete !== (caps.path === 'discrete')) out.push(`discrete ${schedule.discrete}, declared path ${caps.path}`);
  if ((schedule.sigmaGrid ?? false) !== caps.sigmaGrid) out.push(`sigmaGrid ${schedule.sigmaGrid ?? false}, declared ${caps.sigmaGrid}`);
  if (caps.family === 'vp' && schedule.alphaBars?.length !== schedule.N + 1) out.push('a VP schedule carries its ᾱ chain (N + 1 values)');
  if (caps.sigmaGrid && !((schedule.sigmas?.length ?? 0) > 1)) out.push('a σ-grid schedule carries its σ levels');
  for (const t of TIMES) {
    const a = schedule.a(t);
    const s = schedule.s(t);
    if (!(a > 0 && s > 0)) out.push(`a(${t}) = ${a}, s(${t}) = ${s}: both must be positive`);
    const f = derivative((u) => Math.log(schedule.a(u)), t);
    if (!(Math.abs(schedule.f(t) - f) < 1e-4 * Math.max(1, Math.abs(f)))) out.push(`f(${t}) = ${schedule.f(t)}, d log a/dt = ${f}`);
    const g2 = derivative((u) => schedule.s(u) ** 2, t) - 2 * schedule.f(t) * s * s;
    if (!(Math.abs(schedule.g2(t) - g2) < 1e-4 * Math.max(1, Math.abs(g2)))) out.push(`g²(${t}) = ${schedule.g2(t)}, d(s²)/dt − 2fs² = ${g2}`);
    if (!(Math.abs(schedule.tOfSigma(s / a) - t) < 5e-7)) out.push(`tOfSigma(σ(${t})) = ${schedule.tOfSigma(s / a)}`);
  }
  const levels = schedule.levels();
  if (levels.length !== schedule.N) out.push(`${levels.length} levels, N = ${schedule.N}`);
  for (let k = 1; k < levels.length; k++) if (!(levels[k].s / levels[k].a < levels[k - 1].s / levels[k - 1].a)) out.push(`levels do not run from the noisiest (at ${k})`);
  return out;
}

/** A small schedule of the kind a sampler walks. */
function scheduleFor(need: SamplerCapabilities['schedule']): Schedule | undefined {
  if (need === 'vp-chain') return linearSchedule({ T: 100 }); // ≥ every chain sampler's default steps (ΠGDM's 100)
  if (need === 've-levels') return veSchedule({ N: 10 });
  return need === 'path' ? vpSchedule() : undefined;
}

type SamplerOut = { x0: tf.Tensor; trajectory: { frames: tf.Tensor }; nfe: number };

/**
 * A sampler on its defaults (16 points, the exact predictor of N(0, I)) is deterministic given
 * its seed, finite, seed-free when it declares no noise, leaks nothing, and stops with
 * CancelledError, leaking nothing, when aborted at 30% of its progress.
 */
export async function samplerProblems(def: AnyNodeDef, n = 16): Promise<string[]> {
  const caps = def.sampler;
  if (!caps) return ['no sampler capabilities'];
  const schedule = scheduleFor(caps.schedule);
  const run = (xT: tf.Tensor, seed: number, signal?: AbortSignal, onProgress?: (f: number) => void) =>
    runNode(def, { predictor: gaussianPredictor(1), schedule, xT }, {}, { seed, signal, onProgress }) as Promise<SamplerOut>;
  const dispose = (o: SamplerOut) => tf.dispose([o.x0, o.trajectory.frames]);
  const out: string[] = [];
  const xT = normal<tf.Rank.R2>([n, 2], 3);
  try {
    const before = tf.memory().numTensors;
    const a = await run(xT, 5);
    const b = await run(xT, 5);
    const va = await values(a.x0);
    if ((await values(b.x0)).join() !== va.join()) out.push('the same seed gave different numbers');
    if (!va.every(Number.isFinite)) out.push('x0 is not finite');
    if (a.x0.shape.join() !== xT.shape.join()) out.push(`x0 is [${a.x0.shape}], xT [${xT.shape}]`);
    if (!caps.stochastic) {
      const c = await run(xT, 6);
      if ((await values(c.x0)).join() !== va.join()) out.push('it declares no noise, yet the seed changed its numbers');
      dispose(c);
    }
    [a, b].forEach(dispose);
    if (tf.memory().numTensors !== before) out.push(`a run left ${tf.memory().numTensors - before} tensors behind`);

    const beforeCancel = tf.memory().numTensors;
    const ctl = new AbortController();
    const cancelled = await run(xT, 1, ctl.signal, (f) => f >= 0.3 && ctl.abort()).then(
      (o) => (dispose(o), 'finished'),
      (e: unknown) => (e instanceof CancelledError ? 'cancelled' : `threw ${(e as Error).message}`),
    );
    if (cancelled !== 'cancelled') out.push(`aborted at 30%, it ${cancelled} instead of stopping with CancelledError`);
    if (tf.memory().numTensors !== beforeCancel) out.push(`a cancelled run left ${tf.memory().numTensors - beforeCancel} tensors behind`);
  } finally {
    xT.dispose();
  }
  return out;
}
