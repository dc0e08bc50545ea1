import { currentPeak, memoryReport, resetPeak, snapshot, tensorsMade, type MemoryReport, type MemorySnapshot } from './memory';

/**
 * Timing: each variant of a case runs `warmup` times untimed, then `runs` timed runs
 * interleaved across the variants (A B A B …), so load from other processes on this shared
 * 2-core machine falls on every variant alike. The figure is the median; the ratio of two
 * variants is the ratio of their medians, measured in the same run.
 */
export interface Variant {
  /** Short key: 'graph', 'hand', 'direct', … */
  key: string;
  label: string;
  run: () => Promise<void>;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
  /** Every timed run, in seconds, in order. */
  runs: number[];
}

export interface VariantResult {
  label: string;
  /** Wall-clock seconds. */
  seconds: Timing;
  /**
   * CPU seconds of this process (user + system, process.cpuUsage): the work itself, nearly
   * blind to other processes competing for the 2 cores. WASM runs single-threaded here, so on
   * an idle machine it is close to the wall time (Node's GC threads add a little).
   */
  cpuSeconds: Timing;
  /** Tensors made by one run (kernel outputs and uploads: the number of ops, roughly). */
  tensorsPerRun: number;
  memory: MemoryReport;
}

export interface TimingOptions {
  warmup: number;
  runs: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

export function timing(runs: number[]): Timing {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

/** Run the variants: warm-ups, then interleaved timed runs; memory before/after and the peak per variant. */
export async function measureVariants(variants: readonly Variant[], opts: TimingOptions, log: (line: string) => void = () => {}): Promise<Record<string, VariantResult>> {
  const times = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  const cpuTimes = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  const made = new Map<string, number>();
  const mem = new Map<string, { before: MemorySnapshot; peak: MemorySnapshot }>();
  for (const v of variants) {
    for (let i = 0; i < opts.warmup; i++) await v.run();
  }
  for (const v of variants) mem.set(v.key, { before: snapshot(), peak: snapshot() });
  for (let r = 0; r < opts.runs; r++) {
    for (const v of variants) {
      resetPeak();
      const m0 = tensorsMade();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await v.run();
      const seconds = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      const cpu = (c1.user + c1.system) / 1e6;
      times.get(v.key)!.push(seconds);
      cpuTimes.get(v.key)!.push(cpu);
      made.set(v.key, tensorsMade() - m0);
      const m = mem.get(v.key)!;
      const p = currentPeak();
      if (p.numBytes > m.peak.numBytes) m.peak.numBytes = p.numBytes;
      if (p.numTensors > m.peak.numTensors) m.peak.numTensors = p.numTensors;
      log(`    ${v.label}: ${seconds.toFixed(3)} s wall, ${cpu.toFixed(3)} s cpu`);
    }
  }
  const out: Record<string, VariantResult> = {};
  const after = snapshot();
  for (const v of variants) {
    const m = mem.get(v.key)!;
    out[v.key] = { label: v.label, seconds: timing(times.get(v.key)!), cpuSeconds: timing(cpuTimes.get(v.key)!), tensorsPerRun: made.get(v.key) ?? 0, memory: memoryReport(m.before, after, m.peak) };
  }
  return out;
}

export interface Ratio {
  /** Of the median CPU times: the headline figure. */
  cpu: number;
  /** Of the median wall times. */
  wall: number;
  /** Of the fastest CPU times: the least disturbed runs, a check on the median under load. */
  cpuMin: number;
}

/** a / b (NaN when either is missing). */
export function ratio(a: VariantResult | undefined, b: VariantResult | undefined): Ratio {
  if (!a || !b) return { cpu: NaN, wall: NaN, cpuMin: NaN };
  return { cpu: a.cpuSeconds.median / b.cpuSeconds.median, wall: a.seconds.median / b.seconds.median, cpuMin: a.cpuSeconds.min / b.cpuSeconds.min };
}
