import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * The CLI's file system edges, checked before any work (issue 17, finding 9): the graph
 * must be a regular file of bounded size (a FIFO or /dev/zero would block or never
 * end), and --out must be, or become, a directory we can create files in.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Read a graph file's bytes: a regular file, at most `maxBytes`, opened without blocking. */
export function readRegularFile(file: string, maxBytes: number): Checked<Uint8Array> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise block forever (before any stat could refuse it).
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${reason(e)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, error: `${file} is a directory, not a graph file` };
    if (!stat.isFile()) return { ok: false, error: `${file} is not a regular file (a pipe, device or socket); give a graph file saved on disk` };
    if (stat.size > maxBytes) return { ok: false, error: `${file} is ${(stat.size / 2 ** 20).toFixed(1)} MiB; graph files may be at most ${(maxBytes / 2 ** 20).toFixed(0)} MiB` };
    const bytes = new Uint8Array(stat.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return { ok: true, value: bytes.subarray(0, offset) };
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${reason(e)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Make sure `out` is a directory, creating the missing folders one level at a time
 * (Node's recursive mkdir retries forever under /proc: `--out /proc/self/x` hung).
 */
export function prepareOutDir(out: string): Checked<string> {
  const full = path.resolve(out);
  const missing: string[] = [];
  let at = full;
  for (;;) {
    const stat = statOrNull(at);
    if (stat) {
      if (!stat.isDirectory()) return { ok: false, error: `--out ${out}: ${at} exists and is not a directory` };
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      return { ok: false, error: `--out ${out}: cannot create ${dir}: ${reason(e)}` };
    }
  }
  // A file can be created there (a read-only or virtual file system fails here, not after the run).
  const probe = path.join(full, `.dgl-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    return { ok: false, error: `--out ${out}: cannot write files in ${full}: ${reason(e)}` };
  }
  return { ok: true, value: full };
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** An fs error in words, without its stack: "no such file or directory" from ENOENT's message. */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}
