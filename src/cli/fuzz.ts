import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../nodes';
import { runCli } from './cli';

/**
 * A seeded mutation fuzzer over graphs/ (issue 17): each mutant is a shipped graph with
 * one to three mutations (values swapped for hostile ones, keys deleted, ids renamed to
 * prototype names, types changed, text truncated or re-encoded), run through the CLI's
 * own code path in-process with a short time budget. Findings: an exit other than 0, 1,
 * 2; a stack trace or internal name in a message; an exit 2 without a JSON path; a
 * mutant over 30 s.
 */
export interface FuzzFinding {
  mutant: number;
  mutations: string[];
  problem: string;
  output: string;
}

export interface FuzzReport {
  mutants: number;
  exits: Record<string, number>;
  findings: FuzzFinding[];
  slowestMs: number;
}

/** mulberry32: a small seeded PRNG (the fuzzer must repeat exactly for a seed). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = unknown;
const HOSTILE: Json[] = [null, -1, 0, 1e308, -1e308, 2 ** 53, 5e-324, 'NaN', '', 'constructor', '__proto__', 'toString', [], {}, true, 'x'.repeat(100_000), [[[[[[[[[[1]]]]]]]]]], { __proto__: null, constructor: 1 }, '../../etc/passwd', '\u0000', '<img src=http://x>'];
const RESERVED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

/** Every [container, key] in a JSON value (depth-first), to pick mutation sites from. */
function sites(root: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const stack: Json[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((c, i) => {
        out.push([v, i]);
        stack.push(c);
      });
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, Json>, k]);
        stack.push((v as Record<string, Json>)[k]);
      }
    }
  }
  return out;
}

/** One mutation of the parsed graph, in place; returns its description. */
function mutateData(g: Record<string, Json>, r: () => number, types: string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const nodes = Array.isArray(g.nodes) ? (g.nodes as Json[]).filter((n): n is Record<string, Json> => !!n && typeof n === 'object' && !Array.isArray(n)) : [];
  const op = Math.floor(r() * 7);
  if (op === 0 && nodes.length) {
    const n = pick(nodes);
    const to = pick(RESERVED);
    const from = n.id;
    n.id = to;
    const edges = Array.isArray(g.edges) ? (g.edges as Json[]) : [];
    for (const e of edges) if (e && typeof e === 'object') for (const end of ['source', 'target']) if ((e as Record<string, Json>)[end] === from) (e as Record<string, Json>)[end] = to;
    return `node '${String(from)}' renamed '${to}'`;
  }
  if (op === 1 && nodes.length) {
    const n = pick(nodes);
    n.type = pick(types);
    return `node '${String(n.id)}' type → ${String(n.type)}`;
  }
  if (op === 2 && nodes.length) {
    const n = pick(nodes);
    const params = (n.params ?? (n.params = {})) as Record<string, Json>;
    const key = pick([...Object.keys(params), 'n', 'steps', 'tau', 'nosuch', 'constructor']);
    params[key] = pick(HOSTILE);
    return `params.${key} of '${String(n.id)}' set`;
  }
  const all = sites(g);
  if (!all.length) return 'nothing to mutate';
  const [container, key] = pick(all);
  if (op === 3) {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key as string];
    return `deleted ${String(key)}`;
  }
  if (op === 4 && !Array.isArray(container)) {
    // An own property, as JSON.parse makes it (plain assignment to __proto__ would set the prototype instead).
    Object.defineProperty(container, pick(RESERVED), { value: container[key as string], enumerable: true, writable: true, configurable: true });
    return `copied ${String(key)} to a reserved key`;
  }
  (container as Record<string | number, Json>)[key] = pick(HOSTILE);
  return `set ${String(key)} to a hostile value`;
}

/** Text-level mutations: truncation, bytes that are not UTF-8, BOM, UTF-16, deep nesting. */
function mutateBytes(text: string, r: () => number): { bytes: Uint8Array; what: string } {
  const utf8 = new TextEncoder().encode(text);
  switch (Math.floor(r() * 6)) {
    case 0:
      return { bytes: utf8.subarray(0, Math.floor(r() * utf8.length)), what: 'truncated' };
    case 1: {
      const b = utf8.slice();
      b[Math.floor(r() * b.length)] = 0xff;
      return { bytes: b, what: 'an invalid UTF-8 byte' };
    }
    case 2:
      return { bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), what: 'UTF-8 BOM' };
    case 3: {
      const b = new Uint8Array(2 + text.length * 2);
      b.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) new DataView(b.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true);
      return { bytes: b, what: 'UTF-16 LE' };
    }
    case 4:
      return { bytes: new TextEncoder().encode(text.replace('"params":{', `"params":{"deep":${'['.repeat(3000)}${']'.repeat(3000)},`)), what: 'params nested 3000 deep' };
    default:
      return { bytes: utf8, what: 'unchanged text' };
  }
}

/** What must never reach a user: a stack frame, a source location, an engine-internal error name. */
const LEAK = /\n\s+at \S|\.ts:\d+|node_modules|\[native code\]|function Object|TypeError|RangeError|ReferenceError|is not a function|Cannot read prop|undefined is not/;

export async function fuzzGraphs(options: { seed: number; mutants: number; budgetMs?: number; graphsDir?: string }): Promise<FuzzReport> {
  const dir = options.graphsDir ?? 'graphs';
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  const sources = files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const registry = createRegistry();
  const types = registry.all().map((d) => d.type);
  const r = rng(options.seed);
  const work = mkdtempSync(path.join(tmpdir(), 'dgl-fuzz-'));
  const report: FuzzReport = { mutants: 0, exits: {}, findings: [], slowestMs: 0 };
  try {
    for (let m = 0; m < options.mutants; m++) {
      const data = JSON.parse(sources[Math.floor(r() * sources.length)]) as Record<string, Json>;
      const mutations = Array.from({ length: 1 + Math.floor(r() * 3) }, () => mutateData(data, r, types));
      let text: string;
      try {
        text = JSON.stringify(data);
      } catch {
        continue;
      }
      const { bytes, what } = r() < 0.3 ? mutateBytes(text, r) : { bytes: new TextEncoder().encode(text), what: '' };
      if (what) mutations.push(what);
      const file = path.join(work, `m${m}.json`);
      writeFileSync(file, bytes);
      const lines: string[] = [];
      const t0 = performance.now();
      let code: number;
      try {
        code = await runCli([file, '--out', path.join(work, `out${m}`), '--quiet'], { out: (l) => lines.push(l), err: (l) => lines.push(l), signal: AbortSignal.timeout(options.budgetMs ?? 300), registry });
      } catch (e) {
        code = -1;
        lines.push(`threw: ${e instanceof Error ? `${e.message}\n${e.stack}` : String(e)}`);
      }
      const ms = performance.now() - t0;
      report.mutants++;
      report.slowestMs = Math.max(report.slowestMs, ms);
      report.exits[code] = (report.exits[code] ?? 0) + 1;
      const output = lines.join('\n');
      const finding = (problem: string) => report.findings.push({ mutant: m, mutations, problem, output: output.slice(0, 2000) });
      if (code !== 0 && code !== 1 && code !== 2) finding(`exit ${code}`);
      if (LEAK.test(output)) finding('a stack trace or internal name in a message');
      if (code === 2 && !lines.every((l) => /: \$[.[:]|^error: /.test(l))) finding('an exit 2 line without a JSON path');
      if (ms > 30_000) finding(`took ${(ms / 1000).toFixed(0)} s`);
      rmSync(file);
      rmSync(path.join(work, `out${m}`), { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}
