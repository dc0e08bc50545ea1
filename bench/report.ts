import type { BenchResults } from './suite';

/** The printed tables of a benchmark run (the same figures as results.json). */

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const s3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
const r2 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
const mib = (b: number) => (b / 2 ** 20).toFixed(2);

export function formatReport(r: BenchResults): string[] {
  const m = r.machine;
  const out: string[] = [
    `Diffusion Graph Lab benchmarks (${r.mode}), ${r.startedAt}, ${r.seconds.toFixed(0)} s`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; node ${m.node}, tfjs ${m.tfjs} (${m.backend}, SIMD ${m.wasmSimd ?? '?'}, threads ${m.wasmThreads ?? '?'})`,
    `load average ${r.loadAverage.start.toFixed(2)} → ${r.loadAverage.end.toFixed(2)}: times are CPU seconds of this process (wall seconds in brackets); ratios are of medians, CPU time first.`,
    '',
  ];
  const keys = ['graph', 'direct', 'loop', 'hand', 'plain', 'lab'];
  const ratioNames = [...new Set(r.cases.flatMap((c) => Object.keys(c.ratios)))];
  out.push('Engine overhead and backends (median of the timed runs)');
  out.push(
    ...table(
      ['case', 'backend', 'steps', ...keys, ...ratioNames],
      r.cases.map((c) => [
        c.id.split('/')[1] + (c.error ? ' (failed)' : ''),
        c.backend,
        String(c.units),
        ...keys.map((k) => (c.variants[k] ? `${s3(c.variants[k].cpuSeconds.median)} (${s3(c.variants[k].seconds.median)})` : '')),
        ...ratioNames.map((n) => (c.ratios[n] ? `${r2(c.ratios[n].cpu)} (${r2(c.ratios[n].wall)})` : '')),
      ]),
    ),
  );
  const errors = r.cases.filter((c) => c.error);
  for (const c of errors) out.push(`  ${c.id} failed: ${c.error}`);
  const checks = r.cases.filter((c) => c.check);
  if (checks.length) {
    out.push('', 'Checks (untimed): the hand-written code computes what the graph computes');
    for (const c of checks) out.push(`  ${c.id}: ${Object.entries(c.check!).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toPrecision(3) : v}`).join(', ')}`);
  }
  const overhead = r.cases.filter((c) => c.group === 'overhead' && !c.error);
  if (overhead.length) {
    out.push('', 'Tensors made per step (kernel outputs and uploads: roughly the ops; on WASM each op costs tens of µs)');
    out.push(...table(['case', ...keys], overhead.map((c) => [c.id.split('/')[1], ...keys.map((k) => (c.variants[k] ? (c.variants[k].tensorsPerRun / c.units).toFixed(1) : ''))])));
  }
  if (r.backends.length) {
    out.push('', 'WASM against CPU, per step (CPU time; the CPU backend ran fewer steps)');
    out.push(...table(['case', 'variant', 'wasm ms/step', 'cpu ms/step', 'cpu/wasm'], r.backends.map((b) => [b.case, b.variant, s3(b.wasmMsPerStep), s3(b.cpuMsPerStep), r2(b.ratio)])));
  }
  out.push('', 'PyTorch peer (one CPU thread)');
  if (r.peer.status === 'skipped') out.push(`  skipped: ${r.peer.reason}`);
  else {
    out.push(`  torch ${r.peer.torch}, Python ${r.peer.python} (${r.peer.executable}); BLAS: ${r.peer.blas.join(', ') || 'unknown'}`);
    // Columns for the variants present: graph and hand (engine cases), lab (the U-Net's library code).
    const peerKeys = ['graph', 'hand', 'lab'].filter((k) => r.peer.status === 'ok' && r.peer.comparisons.some((p) => p.tfjs[k]));
    out.push(
      ...table(
        ['case', 'torch s', ...peerKeys.flatMap((k) => [`${k} s`, `${k}/torch`])],
        r.peer.comparisons.map((p) => [
          p.id,
          `${s3(p.torch.cpu)} (${s3(p.torch.wall)})`,
          ...peerKeys.flatMap((k) => [`${s3(p.tfjs[k]?.cpu)} (${s3(p.tfjs[k]?.wall)})`, `${r2(p.tfjs[k]?.ratio.cpu)} (${r2(p.tfjs[k]?.ratio.wall)})`]),
        ]),
      ),
    );
  }
  out.push('', 'Training');
  const dsm = r.cases.find((c) => c.id === 'overhead/dsm/wasm' && !c.error);
  if (dsm) out.push(`  train/denoising through the graph: ${(dsm.units / dsm.variants.graph.cpuSeconds.median).toFixed(1)} steps/s CPU time (${(dsm.units / dsm.variants.graph.seconds.median).toFixed(1)} wall), batch ${r.config.train.batch}`);
  if ('skipped' in r.quality) out.push(`  quality bar: skipped (${r.quality.skipped})`);
  else {
    const q = r.quality;
    for (const p of q.points) out.push(`  ${p.steps} steps: ${s3(p.trainCpuSeconds)} s cpu (${s3(p.trainSeconds)} wall) of training, SW ratio ${r2(p.ratio)}${p.ratio < q.bar ? ' (under the bar)' : ''}`);
    out.push(q.reached ? `  time to the quality bar (SW ratio < ${q.bar}, ${q.sampler}): ${s3(q.reached.trainCpuSeconds)} s cpu (${s3(q.reached.trainSeconds)} wall), ${q.reached.steps} steps` : `  the quality bar (SW ratio < ${q.bar}) was not reached within the ladder${q.error ? `: ${q.error}` : ''}`);
  }
  out.push('', 'Memory per case (tf.memory(): before → after must match; peak is the high-water mark)');
  out.push(
    ...table(
      ['case', 'backend', 'tensors before→after', 'MiB before→after', 'peak tensors', 'peak MiB', 'leak', 'wasm heap MiB'],
      r.cases.map((c) => [
        c.id.split('/')[1],
        c.backend,
        `${c.memory.before.numTensors}→${c.memory.after.numTensors}`,
        `${mib(c.memory.before.numBytes)}→${mib(c.memory.after.numBytes)}`,
        String(c.memory.peak.numTensors),
        mib(c.memory.peak.numBytes),
        c.memory.leakedTensors || c.memory.leakedBytes ? `LEAK ${c.memory.leakedTensors} tensors` : 'none',
        c.memory.wasmHeapBytes ? mib(c.memory.wasmHeapBytes) : '',
      ]),
    ),
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out;
}
