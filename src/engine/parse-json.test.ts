import { describe, expect, it } from 'vitest';
import { decodeGraphBytes, jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBytes, parseJsonText, valueDepthExceeds } from './parse-json';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, bigEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  [...(bom ? '\ufeff' : ''), ...s].forEach((c, i) => view.setUint16(2 * i, c.charCodeAt(0), !bigEndian));
  return out;
}
const json = '{"name":"Gauß σ"}';

describe('decodeGraphBytes / parseJsonBytes (issue 17, finding 10)', () => {
  it('reads UTF-8 with and without a byte-order mark, and UTF-16 LE and BE with one, to the same data', () => {
    const forms = [utf8(json), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(json)]), utf16(json, false), utf16(json, true)];
    for (const bytes of forms) expect(parseJsonBytes(bytes, 1000)).toEqual({ ok: true, data: { name: 'Gauß σ' } });
  });

  it('refuses invalid UTF-8 with the byte offset instead of turning it into U+FFFD', () => {
    const bytes = new Uint8Array([...utf8('{"name":"ab'), 0xff, 0xfe, ...utf8('"}')]);
    const r = decodeGraphBytes(bytes, 1000);
    expect(r).toMatchObject({ ok: false, issue: { code: 'invalid-encoding', path: [] } });
    if (!r.ok) expect(r.issue.message).toMatch(/not valid UTF-8 text \(at or after byte 11\)/);
    // a truncated multi-byte sequence at the end
    expect(decodeGraphBytes(new Uint8Array([...utf8('{"a":"'), 0xe2, 0x82]), 100)).toMatchObject({ ok: false, issue: { code: 'invalid-encoding' } });
  });

  it('names UTF-16 without a byte-order mark rather than calling it bad JSON', () => {
    const r = decodeGraphBytes(utf16(json, false, false), 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.message).toMatch(/UTF-16 without a byte-order mark/);
  });

  it('checks the size on the bytes before decoding', () => {
    const r = decodeGraphBytes(new Uint8Array(2049), 2048);
    expect(r).toMatchObject({ ok: false, issue: { code: 'too-large', path: [] } });
  });
});

describe('parseJsonText: depth bounded before JSON.parse (finding 7)', () => {
  it('counts only brackets outside strings', () => {
    expect(jsonDepthExceeds('[[["[[[[[[", {"a": "{{{{"}]]]', 4)).toBeNull();
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(3);
    expect(jsonDepthExceeds('["\\"[[[[", [[[1]]]]', 3)).toBe(13);
  });

  it('refuses 5000-deep params and 50 MiB of "[" with a clear message, not a RangeError', () => {
    const deep = `{"format":"diffusion-graph-lab/graph","nodes":[{"params":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    const r = parseJsonText(deep, 1e6);
    expect(r).toMatchObject({ ok: false, issue: { code: 'too-deep', path: [] } });
    if (!r.ok) expect(r.issue.message).toContain(`more than ${MAX_JSON_DEPTH} deep`);
    // Over the size bound the text is not even scanned.
    const t0 = performance.now();
    expect(parseJsonText('['.repeat(50 * 2 ** 20), 8 * 2 ** 20)).toMatchObject({ ok: false, issue: { code: 'too-large' } });
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('keeps a leading byte-order mark out of the JSON and out of messages', () => {
    expect(parseJsonText('\ufeff{"a":1}', 100)).toEqual({ ok: true, data: { a: 1 } });
  });

  it('walks already-parsed data iteratively', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(valueDepthExceeds(v)).toBe(true);
    expect(valueDepthExceeds({ a: [[1, 2], { b: [3] }] })).toBe(false);
  });
});
