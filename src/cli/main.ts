import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegistry } from '../../nodes';
import { formatIssue } from '../engine/errors';
import { parseGraphFile } from '../engine/load';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { runGraphFile } from './run';

/**
 * Headless runner (DESIGN.md, CLI). Exit codes: 0 success, 1 a node failed or an
 * assertion does not hold, 2 an invalid file or argument.
 */
async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (e) {
    return usage(`cannot read ${args.file}: ${(e as Error).message}`);
  }
  const registry = createRegistry();
  const parsed = parseGraphFile(text, registry);
  if (!parsed.graph || parsed.issues.length) {
    for (const issue of parsed.issues) console.error(`${args.file}: ${formatIssue(issue)}`);
    return 2;
  }
  const outcome = await runGraphFile(parsed.graph, args, registry, (line) => !args.quiet && console.error(line));
  if (outcome.usageError) return usage(outcome.usageError);
  await mkdir(args.out, { recursive: true });
  for (const [name, bytes] of outcome.files) await writeFile(path.join(args.out, name), bytes);
  await writeFile(path.join(args.out, 'summary.json'), JSON.stringify(outcome.summary, null, 2) + '\n');
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
    console.error(e);
    process.exit(1);
  },
);
