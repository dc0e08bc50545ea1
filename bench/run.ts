// `npm run bench` [-- --quick | --smoke] [--runs N] [--no-peer] [--no-cpu] [--no-quality] [--only ID-PART]… [--out FILE]
// Node benchmarks on the WASM backend (see bench/README.md): prints the tables and writes
// bench/results.json (git-ignored). Exit 1 when a case failed or leaked tensors.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '../src/engine/backend-node';
import { PRESETS, type BenchConfig } from './config';
import { formatReport } from './report';
import { runBench } from './suite';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    'no-cpu': { type: 'boolean', default: false },
    'no-quality': { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
  },
});

const base = PRESETS[values.smoke ? 'smoke' : values.quick ? 'quick' : 'full'];
const runs = values.runs === undefined ? undefined : Number(values.runs);
if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1 && runs <= 50)) {
  console.error(`--runs must be an integer from 1 to 50, got ${values.runs}`);
  process.exit(2);
}
const config: BenchConfig = {
  ...base,
  timing: { ...base.timing, runs: runs ?? base.timing.runs },
  trainRuns: runs ?? base.trainRuns,
  peer: base.peer && !values['no-peer'],
  cpu: values['no-cpu'] ? null : base.cpu,
  qualityLadder: values['no-quality'] ? null : base.qualityLadder,
  only: values.only,
};

await selectNodeBackend('wasm');
const results = await runBench(config);
console.log('');
for (const line of formatReport(results)) console.log(line);
writeFileSync(values.out, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${values.out}`);
const bad = results.cases.filter((c) => c.error || c.memory.leakedTensors !== 0);
if (bad.length) {
  console.error(`[bench] ${bad.length} case(s) failed or leaked: ${bad.map((c) => c.id).join(', ')}`);
  process.exit(1);
}
