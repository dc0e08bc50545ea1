import { describe, expect, it } from 'vitest';
import { fuzzGraphs } from './fuzz';

/**
 * CI's run of the fuzzer: 500 mutants of graphs/, seed 17. A larger local run:
 *   FUZZ_MUTANTS=20000 FUZZ_SEED=$RANDOM npx vitest run --maxWorkers=1 src/cli/fuzz.test.ts
 */
const mutants = Number(process.env.FUZZ_MUTANTS ?? 500);
const seed = Number(process.env.FUZZ_SEED ?? 17);

describe('mutation fuzzer over graphs/ (issue 17)', () => {
  it(`${mutants} mutants, seed ${seed}: exits 0/1/2 only, no stack trace, every exit 2 names a JSON path, none over 30 s`, async () => {
    const report = await fuzzGraphs({ seed, mutants });
    console.log(`fuzz: ${report.mutants} mutants, exits ${JSON.stringify(report.exits)}, slowest ${report.slowestMs.toFixed(0)} ms`);
    expect(report.mutants).toBeGreaterThanOrEqual(Math.min(mutants, 500) * 0.95);
    expect(report.findings.slice(0, 5)).toEqual([]);
    expect(report.exits['2']).toBeGreaterThan(0);
  }, 600_000);
});
