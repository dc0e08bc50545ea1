import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The production bundle in dist/: bytes and gzip bytes by kind, and the largest files. */
export interface BundleStats {
  totalBytes: number;
  totalGzipBytes: number;
  byKind: Record<string, { files: number; bytes: number; gzipBytes: number }>;
  largest: { file: string; bytes: number; gzipBytes: number }[];
  /** What index.html itself loads (its scripts, module preloads and styles): the editor's first download, before the worker and WASM. */
  initial: { files: string[]; bytes: number; gzipBytes: number };
  /**
   * The JavaScript the page runs before it starts the engine worker: index.html's module
   * scripts and everything they import statically (not `import()`, not the worker itself).
   */
  entry: { files: string[]; bytes: number; gzipBytes: number };
  /**
   * The JavaScript the canvas waits for: the entry's and the editor chunk's (src/editor/mount.tsx,
   * `mount-*.js`) static closures. Notes' and math's libraries (KaTeX, marked, DOMPurify) and
   * dagre load later, by `import()`.
   */
  canvas: { files: string[]; bytes: number; gzipBytes: number };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function bundleStats(dist: string): BundleStats {
  const stats: BundleStats = { totalBytes: 0, totalGzipBytes: 0, byKind: {}, largest: [], initial: { files: [], bytes: 0, gzipBytes: 0 }, entry: { files: [], bytes: 0, gzipBytes: 0 }, canvas: { files: [], bytes: 0, gzipBytes: 0 } };
  const all = files(dist).map((p) => {
    const data = readFileSync(p);
    return { file: relative(dist, p), kind: extname(p).slice(1) || 'other', bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  });
  for (const f of all) {
    const k = (stats.byKind[f.kind] ??= { files: 0, bytes: 0, gzipBytes: 0 });
    k.files++;
    k.bytes += f.bytes;
    k.gzipBytes += f.gzipBytes;
    stats.totalBytes += f.bytes;
    stats.totalGzipBytes += f.gzipBytes;
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const referenced = new Set([...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  for (const f of all) {
    if (!referenced.has(f.file)) continue;
    stats.initial.files.push(f.file);
    stats.initial.bytes += f.bytes;
    stats.initial.gzipBytes += f.gzipBytes;
  }
  const byFile = new Map(all.map((f) => [f.file, f]));
  const scripts = [...html.matchAll(/<script type="module"[^>]*src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const sum = (into: BundleStats['entry'], closure: string[]) => {
    for (const file of closure) {
      const f = byFile.get(file);
      if (!f) continue;
      into.files.push(file);
      into.bytes += f.bytes;
      into.gzipBytes += f.gzipBytes;
    }
  };
  sum(stats.entry, staticClosure(dist, scripts));
  const editor = all.filter((f) => /^assets\/mount-[\w-]+\.js$/.test(f.file)).map((f) => f.file);
  sum(stats.canvas, staticClosure(dist, [...scripts, ...editor]));
  stats.largest = all
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8)
    .map(({ file, bytes, gzipBytes }) => ({ file, bytes, gzipBytes }));
  return stats;
}

/**
 * The chunks reachable from `roots` by static imports (`import … from "./x.js"`,
 * `import "./x.js"`, `export … from "./x.js"`); dynamic `import("…")` and
 * `new URL("…", import.meta.url)` (the worker) are not followed.
 */
export function staticClosure(dist: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let code: string;
    try {
      code = readFileSync(join(dist, file), 'utf8');
    } catch {
      continue;
    }
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) stack.push(posix.join(posix.dirname(file), m[1]));
  }
  return [...seen];
}
