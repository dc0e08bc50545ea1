import { describe, expect, it } from 'vitest';
import { whyUnshowable } from './start-check';

/** Issue 17, finding 1: a stored graph with a prototype name as its id must not blank every start. */
const file = (id: string) => ({ format: 'diffusion-graph-lab/graph', version: 1, name: 'planted', nodes: [{ id, type: 'noise/normal', typeVersion: 1, params: {} }], edges: [] });

describe('whyUnshowable', () => {
  it.each(['constructor', '__proto__', 'toString'])('names a stored node id %s with its JSON path', (id) => {
    expect(whyUnshowable(file(id))).toMatch(new RegExp(`^\\$\\.nodes\\[0\\]\\.id: '${id}' is a name every JavaScript object has`));
  });

  it('opens a graph whose problems the editor can fix (an unconnected input, a bad param)', () => {
    expect(whyUnshowable(file('noise'))).toBeNull();
    const half = { ...file('s'), nodes: [{ id: 's', type: 'sampler/ddpm', typeVersion: 1, params: { variance: 'nonsense' } }] };
    expect(whyUnshowable(half)).toBeNull();
  });

  it('refuses what is not a graph at all', () => {
    expect(whyUnshowable(null)).toMatch(/not a graph file/);
    expect(whyUnshowable({ format: 'diffusion-graph-lab/graph', version: 1, name: 'x', nodes: 'oops', edges: [] })).toMatch(/^\$\.nodes: /);
  });
});
