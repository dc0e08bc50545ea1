import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allNodeDefs } from '../../../nodes';
import { emitterPath, nodeExportSources } from './sources-node';

/**
 * Every node type has a PyTorch emitter at nodes/<type>.torch.ts (issue 20), found by its path; test/*
 * types are exempt. NOT_YET lists the types whose emitters are still being written, by name, and must
 * shrink: a type listed here that has an emitter fails, so the list never hides one.
 */
const NOT_YET = new Set<string>([
  // (none now: issue 18's inverse-problem nodes have theirs)
]);

describe('PyTorch emitters', () => {
  const types = allNodeDefs.map((d) => d.type).filter((t) => !t.startsWith('test/'));

  it('exist for every node type, each for its own type', async () => {
    const sources = nodeExportSources();
    const missing: string[] = [];
    for (const type of types) {
      if (!existsSync(emitterPath(type))) {
        missing.push(type);
        continue;
      }
      const emitter = await sources.emitter(type);
      expect(emitter?.type, emitterPath(type)).toBe(type);
      expect(typeof emitter?.emit).toBe('function');
    }
    expect(missing.filter((t) => !NOT_YET.has(t)), 'node types without an emitter (nodes/<type>.torch.ts)').toEqual([]);
    expect([...NOT_YET].filter((t) => !missing.includes(t)), 'NOT_YET lists types that have an emitter now').toEqual([]);
  });
});
