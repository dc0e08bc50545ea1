import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { prepareOutDir, readRegularFile } from './files';

/** Issue 17, finding 9 and the CLI side of findings 1, 2, 7 and 10: each input as the hostile run used it. */
const dir = mkdtempSync(path.join(tmpdir(), 'dgl-cli-hostile-'));
const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr, stderr: r.stderr };
}
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\.ts:\d+/);

// Two independent branches: --targets a runs only the tensor; the moments node 'm' needs fwd.
const graph = {
  format: 'diffusion-graph-lab/graph', version: 1, name: 'partial',
  nodes: [
    { id: 'a', type: 'data/tensor', typeVersion: 1, params: { values: [[1, 2], [3, 4]] } },
    { id: 'm', type: 'metric/moments', typeVersion: 1, params: {} },
  ],
  edges: [{ id: 'e', source: 'a', sourcePort: 'x', target: 'm', targetPort: 'x' }],
  assertions: [] as Record<string, unknown>[],
};
const ok = write('ok.json', JSON.stringify(graph));

describe('CLI arguments checked before any work (finding 9)', () => {
  it('--seed "" and --seed " " are refused, not read as 0', () => {
    expect(() => parseArgs([ok, '--out', dir, '--seed', ''])).toThrow(/--seed must be an integer/);
    expect(() => parseArgs([ok, '--out', dir, '--seed', ' '])).toThrow(/--seed must be an integer/);
    expect(parseArgs([ok, '--out', dir, '--seed', '7']).seed).toBe(7);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('--set sampler.%s=5 is refused like sampler.nosuch=5', (name) => {
    expect(() => parseArgs([ok, '--out', dir, '--set', `sampler.${name}=5`])).toThrow(/is a name every JavaScript object has/);
  });

  it('a FIFO, a directory and a missing file are refused at once', () => {
    const fifo = path.join(dir, 'graph.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const t0 = performance.now();
    expect(readRegularFile(fifo, 1e6)).toEqual({ ok: false, error: `${fifo} is not a regular file (a pipe, device or socket); give a graph file saved on disk` });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(readRegularFile(dir, 1e6)).toMatchObject({ ok: false, error: expect.stringMatching(/is a directory/) });
    expect(readRegularFile('/dev/zero', 1e6)).toMatchObject({ ok: false, error: expect.stringMatching(/not a regular file/) });
    expect(readRegularFile(path.join(dir, 'nope.json'), 1e6)).toMatchObject({ ok: false, error: expect.stringMatching(/cannot read .*no such file or directory$/) });
  });

  it('a 50 MiB file is refused from its size, without reading it', () => {
    const big = write('big.json', new Uint8Array(50 * 2 ** 20).fill(0x5b)); // 50 MiB of '['
    expect(readRegularFile(big, 8 * 2 ** 20)).toEqual({ ok: false, error: `${big} is 50.0 MiB; graph files may be at most 8 MiB` });
  });

  it('--out at a file, under /proc, or in a read-only place is refused before the run', () => {
    const file = write('not-a-dir', 'x');
    expect(prepareOutDir(file)).toMatchObject({ ok: false, error: expect.stringMatching(/exists and is not a directory/) });
    expect(prepareOutDir(`${file}/sub`)).toMatchObject({ ok: false, error: expect.stringMatching(/exists and is not a directory/) });
    const t0 = performance.now();
    expect(prepareOutDir('/proc/self/x')).toMatchObject({ ok: false, error: expect.stringMatching(/cannot create \/proc\/self\/x/) });
    expect(prepareOutDir('/proc/self')).toMatchObject({ ok: false, error: expect.stringMatching(/cannot write files in/) });
    expect(performance.now() - t0).toBeLessThan(1000);
    const nested = path.join(dir, 'a', 'b', 'c');
    expect(prepareOutDir(nested)).toEqual({ ok: true, value: nested });
    expect(existsSync(nested)).toBe(true);
  });
});

describe('CLI runs (exit codes of the README)', () => {
  it('--out at an existing file exits 2 before any node runs, with no stack trace', () => {
    const r = cli(ok, '--out', write('existing', 'x'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/exists and is not a directory/);
    expect(r.out).not.toMatch(/done in/);
    noStack(r.out);
  });

  it('--targets nosuch exits 2; a partial run reports assertions outside the targets as "not run", not failed', () => {
    expect(cli(ok, '--out', path.join(dir, 't1'), '--targets', 'nosuch')).toMatchObject({ code: 2, out: expect.stringMatching(/--targets: there is no node 'nosuch'/) });
    const withAssertions = write('assert.json', JSON.stringify({ ...graph, assertions: [{ node: 'a', port: 'x', lt: 100 }, { node: 'm', port: 'mean', approx: 2.5, tol: 1e-6 }] }));
    const r = cli(withAssertions, '--out', path.join(dir, 't2'), '--targets', 'a');
    expect(r.out).toMatch(/m\.mean: not run/);
    expect(r.out).toMatch(/0 of 2 assertions hold, 1 not run/);
    expect(r.code).toBe(1); // a.x is a 2×2 tensor, not a scalar: that one fails honestly
  });

  it('an assertion on a missing node or port exits 2 before the run with its JSON path', () => {
    const r = cli(write('bad-assert.json', JSON.stringify({ ...graph, assertions: [{ node: 'ghost', port: 'x', lt: 1 }, { node: 'a', port: 'nosuch', lt: 1 }] })), '--out', path.join(dir, 't3'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.assertions\[0\]\.node: assertion 0 is on node 'ghost', which does not exist/);
    expect(r.stderr).toMatch(/\$\.assertions\[1\]\.port: .*has no output 'nosuch'; it has 'x'/);
  });

  it('a FIFO as the graph file exits 2 at once (it used to block forever)', () => {
    const fifo = path.join(dir, 'run.fifo');
    spawnSync('mkfifo', [fifo]);
    const r = cli(fifo, '--out', path.join(dir, 't4'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/not a regular file/);
  });

  it('BOM and UTF-16 files run as UTF-8 does; invalid UTF-8 and 5000-deep params exit 2 with a path and no stack', () => {
    const text = JSON.stringify(graph);
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) le[2 + 2 * i] = text.charCodeAt(i);
    for (const [name, bytes] of [['bom.json', '\ufeff' + text], ['utf16.json', le]] as const) {
      const r = cli(write(name, bytes), '--out', path.join(dir, `${name}.out`));
      expect(r.code, r.out).toBe(0);
      expect(JSON.parse(readFileSync(path.join(dir, `${name}.out`, 'summary.json'), 'utf8')).status).toBe('done');
    }
    const bad = cli(write('latin1.json', Buffer.from(text.replace('partial', 'parti\u00e9l'), 'latin1')), '--out', path.join(dir, 'l1'));
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/\$: the file is not valid UTF-8 text \(at or after byte \d+\)/) });
    const deep = cli(write('deep.json', text.replace('"params":{}', `"params":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`)), '--out', path.join(dir, 'deep'));
    expect(deep).toMatchObject({ code: 2, stderr: expect.stringMatching(/\$: arrays and objects are nested more than 64 deep/) });
    noStack(deep.out);
  });
});
