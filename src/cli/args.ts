import { isReservedName, RESERVED_MESSAGE } from '../engine/reserved-names';

/** Arguments of `npm run graph -- <graph.json> --out <dir> [--backend wasm|cpu] [--seed N] [--set node.param=value]…` */
export interface CliArgs {
  file: string;
  out: string;
  backend: 'wasm' | 'cpu';
  seed?: number;
  sets: { node: string; param: string; value: unknown; text: string }[];
  targets?: string[];
  quiet: boolean;
  /**
   * Run nodes whose work or memory estimate is past the soft bound (never past the hard
   * one). parseArgs sets false unless --allow-large; callers that leave it out (the tests
   * that run the shipped graphs) allow.
   */
  allowLarge?: boolean;
  /** `--save-weights <node>=<file>`: the node's trained `model` output as a safetensors file. */
  saveWeights?: Record<string, string>;
  /** `--weights-dtype f32|f16`: the number format of `--save-weights` files (default F32). */
  weightsDtype?: 'F32' | 'F16';
  /** `--checkpoint <node>=<file>`: continue the training node from the file and keep it up to date. */
  checkpoints?: Record<string, string>;
  /** `--checkpoint-every K`: steps between checkpoints (default 100). */
  checkpointEvery?: number;
  /** `--load-weights <node>=<file>`: the training node takes its network from the file instead of training (load-weights.ts). */
  loadWeights?: Record<string, string>;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run graph -- <graph.json> --out <dir> [--backend wasm|cpu] [--seed N] [--set <node>.<param>=<value>]… [--targets a,b] [--allow-large] [--quiet] [--save-weights <node>=<file>]… [--weights-dtype f32|f16] [--checkpoint <node>=<file>]… [--checkpoint-every K] [--load-weights <node>=<file>]…`;

export function parseArgs(argv: string[]): CliArgs {
  const args: Partial<CliArgs> & { sets: CliArgs['sets'] } = { sets: [], backend: 'wasm', quiet: false, allowLarge: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') args.out = next();
    else if (arg === '--backend') {
      const b = next();
      if (b !== 'wasm' && b !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, not '${b}'`);
      args.backend = b;
    } else if (arg === '--seed') {
      const text = next();
      const seed = /^\d+$/.test(text) ? Number(text) : NaN; // Number('') and Number(' ') are 0
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer in [0, 2^32), not '${text}'`);
      args.seed = seed;
    } else if (arg === '--set') args.sets.push(parseSet(next()));
    else if (arg === '--targets') {
      const text = next();
      args.targets = text.split(',').map((t) => t.trim()).filter(Boolean);
      if (!args.targets.length) throw new UsageError(`--targets needs node ids separated by commas, not '${text}'`);
    } else if (arg === '--allow-large') args.allowLarge = true;
    else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--save-weights') args.saveWeights = { ...args.saveWeights, ...nodeFile(arg, next()) };
    else if (arg === '--checkpoint') args.checkpoints = { ...args.checkpoints, ...nodeFile(arg, next()) };
    else if (arg === '--load-weights') args.loadWeights = { ...args.loadWeights, ...nodeFile(arg, next()) };
    else if (arg === '--weights-dtype') {
      const d = next().toUpperCase();
      if (d !== 'F32' && d !== 'F16') throw new UsageError(`--weights-dtype must be f32 or f16, not '${d.toLowerCase()}'`);
      args.weightsDtype = d;
    } else if (arg === '--checkpoint-every') {
      const text = next();
      const k = Number(text);
      if (!Number.isInteger(k) || k < 1 || k > 1e6) throw new UsageError(`--checkpoint-every must be a whole number of steps in [1, 10^6], not '${text}'`);
      args.checkpointEvery = k;
    }
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (args.file) throw new UsageError(`one graph file at a time (got '${args.file}' and '${arg}')`);
    else args.file = arg;
  }
  if (!args.file) throw new UsageError('no graph file given');
  if (!args.out) throw new UsageError('--out <dir> is required');
  return args as CliArgs;
}

/** `node.param=value`; the value is read as JSON when it parses (numbers, booleans, arrays), else as a string. */
function parseSet(text: string): CliArgs['sets'][number] {
  const m = /^([A-Za-z0-9_.:-]+?)\.([A-Za-z0-9_]+)=(.*)$/s.exec(text);
  if (!m) throw new UsageError(`--set needs <node>.<param>=<value>, not '${text}'`);
  for (const name of [m[1], m[2]]) if (isReservedName(name)) throw new UsageError(`--set ${text}: '${name}' ${RESERVED_MESSAGE}`);
  let value: unknown = m[3];
  try {
    value = JSON.parse(m[3]);
  } catch {
    // a plain string such as an enum choice
  }
  return { node: m[1], param: m[2], value, text };
}

/** `<node>=<file>` of --save-weights, --checkpoint and --load-weights. */
function nodeFile(flag: string, text: string): Record<string, string> {
  const m = /^([A-Za-z0-9_.:-]+)=(.+)$/s.exec(text);
  if (!m) throw new UsageError(`${flag} needs <node>=<file>, not '${text}'`);
  return { [m[1]]: m[2] };
}
