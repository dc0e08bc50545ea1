import type { GraphIssue } from './errors';

/**
 * The one way a graph file's bytes or text become data, shared by the CLI (bytes from
 * disk), the editor (a File's bytes after its size was checked, a share link's inflated
 * bytes) and every caller of parseGraphFile. In order, each refused with a plain
 * message and never by a crash:
 *
 * 1. size, before anything is decoded or parsed;
 * 2. encoding: a UTF-8 byte-order mark is dropped, UTF-16 (LE or BE, told by its
 *    byte-order mark) is decoded, anything else must be valid UTF-8 (no silent U+FFFD);
 * 3. nesting depth, by one linear scan before JSON.parse (whose recursion would
 *    otherwise overflow the stack on `[[[[…` and reach later code half-built);
 * 4. JSON syntax.
 */

/** Deepest nesting of arrays and objects a graph file may use (a loop body's literal tensor needs ~9). */
export const MAX_JSON_DEPTH = 64;

export type JsonParse = { ok: true; data: unknown } | { ok: false; issue: GraphIssue };
export type TextDecode = { ok: true; text: string } | { ok: false; issue: GraphIssue };

const mib = (n: number) => (n / 2 ** 20).toFixed(1);

function tooLarge(size: number, maxBytes: number, unit: string): GraphIssue {
  return { code: 'too-large', path: [], message: `the file is ${mib(size)} MiB${unit}; graph files may be at most ${mib(maxBytes)} MiB` };
}

/** Decode a file's bytes to text (see above); `maxBytes` is checked on the raw bytes first. */
export function decodeGraphBytes(bytes: Uint8Array, maxBytes: number): TextDecode {
  if (bytes.length > maxBytes) return { ok: false, issue: tooLarge(bytes.length, maxBytes, '') };
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    // '{' as UTF-16 without a byte-order mark: say so rather than "invalid JSON at 0".
    return { ok: false, issue: { code: 'invalid-encoding', path: [], message: 'the file looks like UTF-16 without a byte-order mark; save it as UTF-8' } };
  }
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start)) };
  } catch {
    return { ok: false, issue: { code: 'invalid-encoding', path: [], message: `the file is not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()} text (at or after byte ${firstInvalidUtf8(bytes, start)}); save it as UTF-8` } };
  }
}

/** Byte offset of the first malformed UTF-8 sequence (for the message; lead and continuation bytes only). */
function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i < bytes.length) {
    const c = bytes[i];
    const more = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return i;
}

/** The deepest array/object nesting of JSON text, or the offset where it first passes `max`. */
export function jsonDepthExceeds(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** Parse graph-file text: size (in UTF-16 code units, ≈ bytes for JSON), a leading BOM dropped, depth bound, JSON syntax. */
export function parseJsonText(text: string, maxChars: number, maxDepth = MAX_JSON_DEPTH): JsonParse {
  if (text.length > maxChars) return { ok: false, issue: tooLarge(text.length, maxChars, ' of text') };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const deep = jsonDepthExceeds(text, maxDepth);
  if (deep !== null) {
    return { ok: false, issue: { code: 'too-deep', path: [], message: `arrays and objects are nested more than ${maxDepth} deep (at character ${deep}); a graph file needs far fewer levels` } };
  }
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (e) {
    return { ok: false, issue: { code: 'invalid-json', path: [], message: `not valid JSON: ${(e as Error).message}` } };
  }
}

/** Decode then parse: the CLI's and the editor's path from a file's bytes to data. */
export function parseJsonBytes(bytes: Uint8Array, maxBytes: number, maxDepth = MAX_JSON_DEPTH): JsonParse {
  const decoded = decodeGraphBytes(bytes, maxBytes);
  return decoded.ok ? parseJsonText(decoded.text, maxBytes, maxDepth) : decoded;
}

/**
 * The same depth bound for data that arrives already parsed (IndexedDB, the clipboard,
 * postMessage): an iterative walk, so the check itself cannot overflow the stack.
 */
export function valueDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

export function tooDeepIssue(maxDepth = MAX_JSON_DEPTH): GraphIssue {
  return { code: 'too-deep', path: [], message: `arrays and objects are nested more than ${maxDepth} deep; a graph file needs far fewer levels` };
}
