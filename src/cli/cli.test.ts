import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from './npy';

const dir = mkdtempSync(path.join(tmpdir(), 'dgl-cli-'));

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: 1, params });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const base = { format: 'diffusion-graph-lab/graph', version: 1, name: 'cli test' };

// x0 = 0 pushed to t = 1 of a VE schedule: x_t = σ_max·ε, so x_t / ε = 50 exactly.
const diffuse = {
  ...base,
  nodes: [n('x0', 'data/tensor', { values: [[0, 0], [0, 0], [0, 0]] }), n('ve', 'schedule/ve'), n('fwd', 'forward/diffuse', { t: 1, seed: 4 })],
  edges: [e('x0', 'x', 'fwd', 'x0'), e('ve', 'schedule', 'fwd', 'schedule')],
  assertions: [{ node: 've', port: 'schedule', lt: 1 }],
};

describe('graph CLI', () => {
  it('runs a graph, writes summary.json and .npy outputs', () => {
    const file = write('ok.json', { ...diffuse, assertions: [] });
    const out = path.join(dir, 'ok');
    const r = cli(file, '--out', out, '--seed', '3');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ backend: 'wasm', status: 'done', seed: 3 });
    expect(summary.nodes.fwd.outputs.xt).toEqual({ type: 'tensor', shape: [3, 2] });
    const xt = decodeNpy(readFileSync(path.join(out, 'fwd.xt.npy')));
    const eps = decodeNpy(readFileSync(path.join(out, 'fwd.eps.npy')));
    expect(xt.shape).toEqual([3, 2]);
    xt.data.forEach((v, i) => expect(v).toBeCloseTo(50 * eps.data[i], 3));
  });

  it('applies --set and exits 1 naming a failing node', () => {
    const file = write('fail.json', { ...diffuse, assertions: [] });
    const r = cli(file, '--out', path.join(dir, 'fail'), '--set', 'fwd.index=5000');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/fwd \(forward\/diffuse\)/);
  });

  it('exits 1 when an assertion does not hold', () => {
    const graph = { ...diffuse, nodes: [...diffuse.nodes, n('m', 'metric/moments')], edges: [...diffuse.edges, e('fwd', 'xt', 'm', 'x')], assertions: [{ node: 'fwd', port: 'xt', lt: 0 }] };
    const r = cli(write('assert.json', graph), '--out', path.join(dir, 'assert'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL fwd\.xt is not a scalar/);
  });

  it('exits 2 on an invalid file, naming the JSON path', () => {
    const r = cli(write('bad.json', { ...diffuse, edges: [e('ghost', 'x', 'fwd', 'x0')] }), '--out', path.join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.edges\[0\]\.source: edge .* comes from node 'ghost'/);
    const t = cli(write('trunc.json', '{"format": "diffusion-graph-lab/graph", "nodes": ['), '--out', path.join(dir, 'bad'));
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/not valid JSON/);
  });

  it('exits 2 on a VAE wired into score/model, naming the edge by its JSON path', () => {
    const file = write('vae-score.json', { ...base, nodes: [n('vae', 'model/vae'), n('learned', 'score/model')], edges: [e('vae', 'model', 'learned', 'model')] });
    const r = cli(file, '--out', path.join(dir, 'vae-score'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.edges\[0\]: edge 'vae-learned\.model': output 'vae\.model' is a vae, but input 'learned\.model' takes score-net/);
  });

  it('exits 2 on a bad argument, naming it', () => {
    const file = write('ok2.json', diffuse);
    expect(cli(file).stderr).toMatch(/--out <dir> is required/);
    const r = cli(file, '--out', dir, '--set', 'fwd.nope=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/node 'fwd' \(forward\/diffuse\) has no param 'nope'/);
    expect(cli(file, '--out', dir, '--set', 'ghost.t=1').stderr).toMatch(/there is no node 'ghost'/);
    expect(cli(file, '--out', dir, '--backend', 'tpu').code).toBe(2);
  }, 240_000); // four CLI processes: ~15 s each on this shared 2-core machine
});
