import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegistry } from '../../nodes';
import { formatIssue } from '../engine/errors';
import { LIMITS } from '../engine/format';
import { parseGraphFile } from '../engine/load';
import { parseJsonBytes } from '../engine/parse-json';
import type { NodeRegistry } from '../engine/registry';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { prepareOutDir, readRegularFile } from './files';
import { runGraphFile } from './run';

/** Where the CLI's lines go (stdout, stderr), and what a caller may add (the fuzzer's time budget). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Ends the run early (the run then reports 'cancelled', exit 1). */
  signal?: AbortSignal;
  registry?: NodeRegistry;
}

/**
 * The headless runner (DESIGN.md, CLI) as a function: exit 0 success, 1 a node failed or
 * an assertion does not hold, 2 an invalid file or argument. Everything an argument or
 * the file can get wrong is found before any node runs.
 */
export async function runCli(argv: string[], io: CliIo): Promise<0 | 1 | 2> {
  const usage = (message: string) => {
    io.err(`error: ${message}\n${USAGE}`);
    return 2 as const;
  };
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  const bytes = readRegularFile(args.file, LIMITS.fileBytes);
  if (!bytes.ok) return usage(bytes.error);
  const json = parseJsonBytes(bytes.value, LIMITS.fileBytes);
  const registry = io.registry ?? createRegistry();
  const parsed = json.ok ? parseGraphFile(json.data, registry) : { graph: null, issues: [json.issue] };
  if (!parsed.graph || parsed.issues.length) {
    for (const issue of parsed.issues) io.err(`${args.file}: ${formatIssue(issue)}`);
    return 2;
  }
  const out = prepareOutDir(args.out);
  if (!out.ok) return usage(out.error);
  const outcome = await runGraphFile(parsed.graph, args, registry, (line) => !args.quiet && io.err(line), io.signal);
  if (outcome.usageError) return usage(outcome.usageError);
  for (const [name, data] of outcome.files) await writeFile(path.join(out.value, name), data);
  for (const [file, data] of outcome.weights ?? []) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    if (!args.quiet) io.err(`  weights → ${file} (${(data.length / 1e6).toFixed(2)} MB)`);
  }
  await writeFile(path.join(out.value, 'summary.json'), JSON.stringify(outcome.summary, null, 2) + '\n');
  for (const line of outcome.report) io.out(line);
  return outcome.exitCode;
}
