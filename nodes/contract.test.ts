import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyNodeDef } from '../src/engine/node';
import { filePathProblems, staticProblems } from './contract-rules';
import { allNodeDefs } from './index';

/**
 * The node contract, checked on every registered node type (not a hand-kept list) by the rules of
 * contract-rules.ts; the same rules refuse throwaway definitions that skip one, so a new node type
 * that skips a rule fails here by itself. Runs of schedules and samplers: contract-run.test.ts.
 */

/** Every node module under nodes/<category>/<name>.ts, by path. */
const modules = import.meta.glob<{ default?: unknown }>(['./*/*.ts', '!./*/*.test.ts', '!./*/*.torch.ts', '!./*/*.migrate.ts', '!./*/index.ts', '!./lib/**'], { eager: true });

describe('node contract (every registered node type)', () => {
  it('each node file defines the type its path names, and each registered type has such a file', () => {
    expect(filePathProblems(modules, allNodeDefs)).toEqual([]);
  });

  it.each(allNodeDefs.map((d) => [d.type, d] as const))('%s: defaults parse, params bounded, version, docs, capabilities', (_type, def) => {
    expect(staticProblems(def)).toEqual([]);
  });
});

describe('a new node type that skips a rule fails by itself (throwaway definitions)', () => {
  const base = allNodeDefs.find((d) => d.type === 'schedule/linear')!;
  const throwaway = (changes: Partial<AnyNodeDef>): AnyNodeDef => ({ ...base, type: 'schedule/throwaway', ...changes }) as AnyNodeDef;

  it('the rules hold for the definition the throwaways start from', () => {
    expect(staticProblems(throwaway({}))).toEqual([]);
  });

  it.each([
    ['an unbounded number', { params: z.object({ n: z.number().min(1).default(3) }) }, /params\.n: number without both bounds/],
    ['an integer bounded on one side only', { params: z.object({ n: z.number().int().min(1).default(3) }) }, /params\.n: number without both bounds/],
    ['an unbounded string', { params: z.object({ name: z.string().default('a') }) }, /params\.name: string without maxLength/],
    ['an unbounded list', { params: z.object({ xs: z.array(z.number().min(0).max(1)).default([]) }) }, /params\.xs: array without maxItems/],
    ['defaults that do not parse', { params: z.object({ n: z.number().min(0).max(1) }) }, /defaults do not parse/],
    ['version 2 without a migration', { version: 2, migrate: undefined }, /version 2 needs a migration/],
    ['math without an equation or reference', { docs: { summary: base.docs.summary } }, /docs\.equation missing/],
    ['no summary', { docs: { ...base.docs, summary: ' ' } }, /docs\.summary/],
    ['a schedule without its capabilities', { schedule: undefined }, /declares its capabilities/],
    ['a category its type does not name', { category: 'noise' }, /not the type's first segment/],
  ] as const)('%s', (_what, changes, problem) => {
    expect(staticProblems(throwaway(changes as Partial<AnyNodeDef>)).join('\n')).toMatch(problem);
  });

  it('a node file whose type is not its path, or a registered type with no file', () => {
    const misplaced = { './schedule/throwaway.ts': { default: throwaway({ type: 'schedule/elsewhere' }) } };
    expect(filePathProblems(misplaced, [])).toEqual(["./schedule/throwaway.ts defines 'schedule/elsewhere', its path names 'schedule/throwaway'"]);
    expect(filePathProblems({}, [throwaway({})])).toEqual(["'schedule/throwaway' is registered without nodes/<category>/<name>.ts"]);
  });
});
