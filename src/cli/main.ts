import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegistry } from '../../nodes';
import { formatIssue } from '../engine/errors';
import { LIMITS } from '../engine/format';
import { parseGraphFile } from '../engine/load';
import { parseJsonBytes } from '../engine/parse-json';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { prepareOutDir, readRegularFile } from './files';
import { runGraphFile } from './run';

/**
 * Headless runner (DESIGN.md, CLI). Exit codes: 0 success, 1 a node failed or an
 * assertion does not hold, 2 an invalid file or argument. Everything an argument or
 * the file can get wrong is found before any node runs.
 */
async function main(argv: string[]): Promise<number> {
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
  const registry = createRegistry();
  const parsed = json.ok ? parseGraphFile(json.data, registry) : { graph: null, issues: [json.issue] };
  if (!parsed.graph || parsed.issues.length) {
    for (const issue of parsed.issues) console.error(`${args.file}: ${formatIssue(issue)}`);
    return 2;
  }
  const out = prepareOutDir(args.out);
  if (!out.ok) return usage(out.error);
  const outcome = await runGraphFile(parsed.graph, args, registry, (line) => !args.quiet && console.error(line));
  if (outcome.usageError) return usage(outcome.usageError);
  for (const [name, bytes] of outcome.files) await writeFile(path.join(out.value, name), bytes);
  for (const [file, bytes] of outcome.weights ?? []) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    if (!args.quiet) console.error(`  weights → ${file} (${(bytes.length / 1e6).toFixed(2)} MB)`);
  }
  await writeFile(path.join(out.value, 'summary.json'), JSON.stringify(outcome.summary, null, 2) + '\n');
  for (const line of outcome.report) console.log(line);
  return outcome.exitCode;
}

function usage(message: string): number {
  console.error(`error: ${message}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    // A fault of the app, not of the file: one line, no stack trace (DGL_DEBUG=1 shows it).
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.DGL_DEBUG) console.error(e);
    process.exit(1);
  },
);
