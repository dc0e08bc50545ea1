import { describe, expect, it } from 'vitest';
import { testRegistry } from './__fixtures__/test-nodes';
import { formatPath } from './errors';
import { parseGraphFile } from './load';

const base = { format: 'diffusion-graph-lab/graph', version: 1, name: 'g' };
const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: type === 'test/constant' ? 2 : 1, params });
const e = (id: string, source: string, sourcePort: string, target: string, targetPort: string) => ({ id, source, sourcePort, target, targetPort });
const issuesOf = (file: unknown) => parseGraphFile(typeof file === 'string' ? file : JSON.stringify(file), testRegistry()).issues.map((i) => ({ code: i.code, path: formatPath(i.path), node: i.node, port: i.port, message: i.message }));

describe('parseGraphFile', () => {
  it('accepts a valid file and fills in defaults', () => {
    const r = parseGraphFile({ ...base, nodes: [n('c', 'test/constant')], edges: [] }, testRegistry());
    expect(r.issues).toEqual([]);
    expect(r.graph).toMatchObject({ seed: 0, description: '', assertions: [], nodes: [{ position: { x: 0, y: 0 } }] });
  });

  it('reports truncated JSON', () => {
    expect(issuesOf('{"format": "diffusion-graph-lab/graph", "nod')[0]).toMatchObject({ code: 'invalid-json', path: '$' });
  });

  it('refuses something that is not a graph file', () => {
    expect(issuesOf({ hello: 1 })[0]).toMatchObject({ code: 'not-a-graph', path: '$.format' });
    expect(issuesOf([1, 2])[0].code).toBe('not-a-graph');
  });

  it('refuses a newer format version with a clear message', () => {
    const [issue] = issuesOf({ ...base, version: 9, nodes: [], edges: [] });
    expect(issue).toMatchObject({ code: 'newer-version', path: '$.version' });
    expect(issue.message).toMatch(/newer than this app reads/);
  });

  it('reports schema errors with their JSON path', () => {
    const issues = issuesOf({ ...base, nodes: [{ id: 'a b', type: 'test/constant', typeVersion: 0 }], edges: [{ id: 'e' }], extra: true });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('$.nodes[0].id');
    expect(paths).toContain('$.nodes[0].typeVersion');
    expect(paths).toContain('$.edges[0].source');
    expect(issues.some((i) => i.path === '$.extra' && /unknown key 'extra'/.test(i.message))).toBe(true);
  });

  it('refuses huge param arrays', () => {
    const values = Array.from({ length: 200_000 }, () => 1.5);
    const [issue] = issuesOf({ ...base, nodes: [n('c', 'test/constant', { values })], edges: [] });
    expect(issue).toMatchObject({ code: 'schema', path: '$.nodes[0].params' });
  });

  it('names unknown types, unknown ports, dangling edges, mismatches and doubled inputs', () => {
    const issues = issuesOf({
      ...base,
      nodes: [n('c', 'test/constant'), n('s', 'test/schedule'), n('sum', 'test/add'), n('q', 'test/what')],
      edges: [e('e0', 'c', 'x', 'sum', 'a'), e('e1', 'c', 'x', 'sum', 'a'), e('e2', 's', 'schedule', 'sum', 'b'), e('e3', 'c', 'nope', 'sum', 'b'), e('e4', 'ghost', 'x', 'sum', 'b')],
    });
    const by = (code: string) => issues.find((i) => i.code === code)!;
    expect(by('unknown-type')).toMatchObject({ node: 'q', path: '$.nodes[3].type' });
    expect(by('duplicate-input')).toMatchObject({ node: 'sum', port: 'a', path: '$.edges[1].targetPort' });
    expect(by('type-mismatch')).toMatchObject({ node: 'sum', port: 'b', path: '$.edges[2]' });
    expect(by('type-mismatch').message).toMatch(/is a schedule, but input 'sum.b' takes tensor/);
    expect(by('unknown-port')).toMatchObject({ node: 'c', port: 'nope', path: '$.edges[3].sourcePort' });
    expect(by('dangling-edge')).toMatchObject({ node: 'ghost', path: '$.edges[4].source' });
  });

  it('names a cycle', () => {
    const issues = issuesOf({
      ...base,
      nodes: [n('a', 'test/add'), n('b', 'test/add')],
      edges: [e('e0', 'a', 'y', 'b', 'a'), e('e1', 'b', 'y', 'a', 'a')],
    });
    const cycle = issues.find((i) => i.code === 'cycle')!;
    expect(cycle.message).toMatch(/a → b → a|b → a → b/);
  });

  it('reports invalid params with the path into params', () => {
    const [issue] = issuesOf({ ...base, nodes: [n('c', 'test/constant', { n: 1000 })], edges: [] });
    expect(issue).toMatchObject({ code: 'invalid-params', node: 'c', path: '$.nodes[0].params.n' });
  });

  it('refuses a node saved by a newer version of its type', () => {
    const [issue] = issuesOf({ ...base, nodes: [{ ...n('c', 'test/constant'), typeVersion: 3 }], edges: [] });
    expect(issue).toMatchObject({ code: 'newer-node-version', path: '$.nodes[0].typeVersion' });
  });

  it('reports duplicate ids', () => {
    const [issue] = issuesOf({ ...base, nodes: [n('c', 'test/constant'), n('c', 'test/constant')], edges: [] });
    expect(issue).toMatchObject({ code: 'duplicate-id', path: '$.nodes[1].id' });
  });
});
