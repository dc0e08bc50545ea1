import { LIMITS, type GraphFile } from '../engine/format';
import { decodeGraphBytes } from '../engine/parse-json';
import { base64UrlToBytes, bytesToBase64Url } from './base64';
import { compactGraphJson } from './export';
import { importGraphFile, type ImportOptions } from './import';
import { refuse, type ImportIssue, type ImportResult } from './issues';

/**
 * Share links for small graphs: the graph file (compact, no weights) compressed with
 * the platform's CompressionStream ('deflate-raw') and put in the URL fragment as
 * `#graph=<base64url>`. A fragment never reaches a server. Opening one validates it
 * like an imported file.
 */
export const SHARE_LINK_PARAM = 'graph';
/** Compressed bytes a link may carry (about 43,000 URL characters). */
export const SHARE_LINK_MAX_BYTES = 32 * 1024;

export type ShareLinkResult = { ok: true; hash: string; compressedBytes: number } | { ok: false; issue: ImportIssue };

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // Stop early: a small link could otherwise inflate to gigabytes.
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The fragment (`#graph=…`) that opens this graph, or why it cannot be shared as a link. */
export async function encodeShareLink(graph: GraphFile): Promise<ShareLinkResult> {
  const json = new TextEncoder().encode(compactGraphJson(graph));
  const compressed = await pipe(json, new CompressionStream('deflate-raw'), SHARE_LINK_MAX_BYTES);
  if (!compressed) {
    return { ok: false, issue: { code: 'link-too-large', path: [], message: `this graph is too large for a link (more than ${SHARE_LINK_MAX_BYTES / 1024} KB compressed); export it as a file instead` } };
  }
  return { ok: true, hash: `#${SHARE_LINK_PARAM}=${bytesToBase64Url(compressed)}`, compressedBytes: compressed.length };
}

/** The base64url payload of a share link in a fragment or a whole URL, or null when there is none. */
function payloadOf(hashOrUrl: string): string | null {
  const hash = hashOrUrl.includes('#') ? hashOrUrl.slice(hashOrUrl.indexOf('#') + 1) : hashOrUrl;
  const value = new URLSearchParams(hash).get(SHARE_LINK_PARAM);
  return value === null ? null : value;
}

/** Whether a fragment (location.hash) or URL carries a share link. */
export function isShareLink(hashOrUrl: string): boolean {
  return payloadOf(hashOrUrl) !== null;
}

/** Open a share link: decompress, then validate as importGraphFile does. Touches no storage. */
export async function decodeShareLink(hashOrUrl: string, options: ImportOptions): Promise<ImportResult> {
  const payload = payloadOf(hashOrUrl);
  if (payload === null) return refuse({ code: 'not-a-share-link', path: [], message: `the address holds no shared graph (no #${SHARE_LINK_PARAM}=…)` });
  const broken = (why: string) => refuse({ code: 'invalid-link', path: [], message: `the share link is damaged (${why}); ask for it again, or for the exported file` });
  if (payload.length > Math.ceil((SHARE_LINK_MAX_BYTES * 4) / 3) + 4) return broken('it is longer than any link this app makes');
  const compressed = base64UrlToBytes(payload);
  if (!compressed) return broken('not base64url');
  let json: Uint8Array | null;
  try {
    json = await pipe(compressed, new DecompressionStream('deflate-raw'), LIMITS.fileBytes);
  } catch {
    return broken('it does not decompress');
  }
  if (!json) return broken(`it inflates to more than ${LIMITS.fileBytes / 2 ** 20} MiB`);
  // Decoded exactly as a file's bytes are (src/engine/parse-json.ts).
  const decoded = decodeGraphBytes(json, LIMITS.fileBytes);
  if (!decoded.ok) return broken(decoded.issue.message);
  return importGraphFile(decoded.text, options);
}
