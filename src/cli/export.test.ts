import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExportCli } from './export';

const dir = mkdtempSync(path.join(tmpdir(), 'dgl-export-cli-'));
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExportCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('npm run export', () => {
  it('writes graph.py and README.md for a graph file', async () => {
    const r = await run('src/export/torch/__fixtures__/ddim-tensor.json', '--out', path.join(dir, 'ok'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'ok', 'graph.py'), 'utf8')).toContain('def n_ddim(ctx, predictor, schedule, xT):');
    expect(existsSync(path.join(dir, 'ok', 'README.md'))).toBe(true);
  });

  it('exits 2 on a bad command line or an invalid file, naming the problem', async () => {
    expect((await run('--out', dir)).code).toBe(2);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'diffusion-graph-lab/graph', version: 1, name: 'x', nodes: [{ id: 'a', type: 'no/such', typeVersion: 1, params: {} }], edges: [] }));
    const r = await run(bad, '--out', path.join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no\/such/);
  });
});
