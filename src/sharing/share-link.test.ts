import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { GRAPH_FORMAT, LIMITS, type GraphFile } from '../engine/format';
import { bytesToBase64Url } from './base64';
import { decodeShareLink, encodeShareLink, isShareLink, SHARE_LINK_MAX_BYTES } from './share-link';

const registry = createRegistry();

function graph(values: number[][] = [[0, 1]]): GraphFile {
  return {
    format: GRAPH_FORMAT,
    version: 1,
    name: 'Linked',
    description: 'sent as a link',
    seed: 1,
    nodes: [{ id: 'points', type: 'data/tensor', typeVersion: 1, params: { values }, position: { x: 12.5, y: -3 } }],
    edges: [],
    assertions: [],
  };
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('share links', () => {
  it('encode to #graph=<base64url> and decode to the same graph', async () => {
    const g = graph();
    const link = await encodeShareLink(g);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.hash).toMatch(/^#graph=[A-Za-z0-9_-]+$/);
    expect(link.compressedBytes).toBeLessThan(300);
    expect(isShareLink(link.hash)).toBe(true);
    const back = await decodeShareLink(link.hash, { registry });
    expect(back.ok && back.graph).toEqual(g);
    // Also from a whole URL, among other fragment parameters.
    const url = `https://lab.example/app?x=1#view=2&${link.hash.slice(1)}`;
    expect((await decodeShareLink(url, { registry })).ok).toBe(true);
  });

  it(`refuse a graph over ${SHARE_LINK_MAX_BYTES / 1024} KB compressed, with a message`, async () => {
    // 20,000 pseudo-random numbers compress to far more than 32 KB.
    let h = 1;
    const values = Array.from({ length: 5000 }, () => Array.from({ length: 4 }, () => ((h = Math.imul(h, 48271) % 2147483647) / 2147483647) * 10));
    const link = await encodeShareLink(graph(values));
    expect(link.ok).toBe(false);
    if (!link.ok) expect(link.issue).toMatchObject({ code: 'link-too-large', message: expect.stringMatching(/too large for a link .* export it as a file/) });
  });

  it('say so when the address holds no link, or a damaged one', async () => {
    expect(isShareLink('#view=3')).toBe(false);
    const none = await decodeShareLink('#view=3', { registry });
    expect(none.ok || none.issues[0].code).toBe('not-a-share-link');
    for (const hash of ['#graph=***', '#graph=AAAAAAAA', `#graph=${'A'.repeat(50_000)}`]) {
      const r = await decodeShareLink(hash, { registry });
      expect(r.ok || r.issues[0]).toMatchObject({ code: 'invalid-link', message: expect.stringMatching(/share link is damaged/) });
    }
  });

  it('stop a link that inflates beyond the file size limit (a zip bomb) without inflating it all', async () => {
    const bomb = await deflate(' '.repeat(LIMITS.fileBytes + 1000));
    expect(bomb.length).toBeLessThan(SHARE_LINK_MAX_BYTES);
    const r = await decodeShareLink(`#graph=${bytesToBase64Url(bomb)}`, { registry });
    expect(r.ok || r.issues[0].message).toMatch(/inflates to more than 8 MiB/);
  });

  it('validate what a link carries like an imported file', async () => {
    const bad = await deflate(JSON.stringify({ format: GRAPH_FORMAT, version: 1, name: 'x', nodes: [{ id: 'a', type: 'no/such', typeVersion: 1 }], edges: [] }));
    const r = await decodeShareLink(`#graph=${bytesToBase64Url(bad)}`, { registry });
    expect(r.ok || r.issues).toMatchObject([{ code: 'unknown-type', path: ['nodes', 0, 'type'] }]);
  });
});
