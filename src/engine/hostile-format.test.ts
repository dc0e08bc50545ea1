import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { formatPath } from './errors';
import { parseGraphFile } from './load';

/** Issue 17's findings 1, 7 and 10 as files: each is refused with a JSON path and a plain message. */
const registry = createRegistry();
const base = { format: 'diffusion-graph-lab/graph', version: 1, name: 'hostile' };
const noise = (id: string, params: Record<string, unknown> = {}) => ({ id, type: 'noise/normal', typeVersion: 1, params });
const issuesOf = (text: string) => parseGraphFile(text, registry).issues.map((i) => ({ code: i.code, path: formatPath(i.path), message: i.message }));
const file = (o: Record<string, unknown>) => JSON.stringify({ ...base, edges: [], ...o });

describe('Object.prototype names are refused as ids, ports and keys (finding 1)', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('node id %s', (id) => {
    const [issue, ...rest] = issuesOf(file({ nodes: [noise(id)] }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'schema', path: '$.nodes[0].id' });
    expect(issue.message).toContain(`'${id}' is a name every JavaScript object has`);
  });

  it('an edge data.constructor → view.toString', () => {
    const nodes = [{ id: 'data', type: 'data/toy2d', typeVersion: 1, params: {} }, { id: 'view', type: 'view/scatter', typeVersion: 1, params: {} }];
    const issues = issuesOf(file({ nodes, edges: [{ id: 'e', source: 'data', sourcePort: 'constructor', target: 'view', targetPort: 'toString' }] }));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.edges[0].sourcePort', '$.edges[0].targetPort']));
  });

  it('param keys __proto__ and constructor, also when JSON.parse made __proto__ an own key', () => {
    const text = `{"format":"diffusion-graph-lab/graph","version":1,"name":"x","edges":[],"nodes":[{"id":"a","type":"noise/normal","typeVersion":1,"params":{"__proto__":{"n":5},"constructor":5}}]}`;
    expect(issuesOf(text).map((i) => i.path)).toEqual(['$.nodes[0].params.__proto__', '$.nodes[0].params.constructor']);
  });

  it('a loop body input named constructor, and an assertion on node toString', () => {
    const loop = JSON.parse(readFileSync('graphs/loop-ddpm-vs-euler-maruyama.json', 'utf8'));
    const i = loop.nodes.findIndex((n: { body?: unknown }) => n.body);
    loop.nodes[i].body.inputs.constructor = [];
    loop.assertions = [{ node: 'toString', port: 'value', lt: 1 }];
    const issues = issuesOf(JSON.stringify(loop));
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: `$.nodes[${i}].body.inputs.constructor` }), expect.objectContaining({ path: '$.assertions[0].node' })]));
    expect(issues.map((x) => x.message).join('\n')).not.toMatch(/native code|function Object/);
  });
});

describe('params and keys in plain words (finding 10)', () => {
  it('an unknown param in a file is refused with its path, as --set refuses it', () => {
    const [issue] = issuesOf(file({ nodes: [noise('noise', { n: 4, setps: 3 })] }));
    expect(issue).toMatchObject({ code: 'invalid-params', path: '$.nodes[0].params.setps' });
    expect(issue.message).toMatch(/^node 'noise' \(noise\/normal\) has no param 'setps'; it has 'n', 'dim', .*'seed'$/);
  });

  it('a param out of its type or bounds names the field, what it must be and what it got (as the inspector says it)', () => {
    expect(issuesOf(file({ nodes: [noise('noise', { n: 2.5 })] }))).toEqual([{ code: 'invalid-params', path: '$.nodes[0].params.n', message: "node 'noise' (noise/normal): n must be a whole number; got 2.5" }]);
    expect(issuesOf(file({ nodes: [noise('noise', { n: 0 })] }))[0].message).toBe("node 'noise' (noise/normal): n must be at least 1; got 0");
    expect(issuesOf(file({ nodes: [noise('noise', { dim: 'two' })] }))[0].message).toBe("node 'noise' (noise/normal): dim must be a number; got 'two'");
    expect(issuesOf(file({ nodes: [noise('noise')], edges: [], seed: 'x' }))).toEqual([{ code: 'schema', path: '$.seed', message: "seed must be a number; got 'x'" }]);
  });

  it('a missing key is named, not "expected string, received undefined"', () => {
    const issues = issuesOf(JSON.stringify({ format: base.format, version: 1, nodes: [{ id: 'a', typeVersion: 1 }], edges: [{ id: 'e', source: 'a', target: 'a', targetPort: 'x' }] }));
    expect(issues).toEqual(expect.arrayContaining([
      { code: 'schema', path: '$.name', message: "missing key 'name' (text)" },
      { code: 'schema', path: '$.nodes[0].type', message: "missing key 'type' (text)" },
      { code: 'schema', path: '$.edges[0].sourcePort', message: "missing key 'sourcePort' (text)" },
    ]));
    expect(issues.map((i) => i.message).join('\n')).not.toMatch(/received undefined/);
  });

  it('each unknown key at its own path', () => {
    expect(issuesOf(file({ nodes: [], colour: 1, nodez: [] })).map((i) => [i.path, i.message])).toEqual([['$.colour', "unknown key 'colour'"], ['$.nodez', "unknown key 'nodez'"]]);
  });

  it('a byte-order mark is dropped, not named as an invisible character', () => {
    expect(issuesOf('\ufeff' + file({ nodes: [noise('a')] }))).toEqual([]);
  });
});

describe('nesting depth (finding 7)', () => {
  it('params nested 5000 deep: too-deep at $, no RangeError, as text and as parsed data', () => {
    const deep = (d: number): unknown => { let v: unknown = 0; for (let i = 0; i < d; i++) v = { a: v }; return v; };
    const asText = `{"format":"diffusion-graph-lab/graph","version":1,"name":"x","edges":[],"nodes":[{"id":"a","type":"noise/normal","typeVersion":1,"params":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    expect(issuesOf(asText)).toMatchObject([{ code: 'too-deep', path: '$' }]);
    const parsed = { ...base, edges: [], nodes: [{ ...noise('a'), params: { x: deep(5000) } }] };
    expect(parseGraphFile(parsed, registry).issues).toMatchObject([{ code: 'too-deep', path: [] }]);
  });
});
