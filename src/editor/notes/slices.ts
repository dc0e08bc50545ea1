/**
 * One queue of small jobs run on the main thread in slices of at most SLICE_MS, each
 * slice its own task (setTimeout 0): rendering notes and their math never holds the
 * page for long (issue 17, finding 3). A job itself must be bounded (a note's markdown
 * ≤ 20 000 characters with ≤ 300 formulas as placeholders: ~10–30 ms here).
 */
export const SLICE_MS = 8;

const jobs: (() => void)[] = [];
let scheduled = false;

function runSlice(): void {
  scheduled = false;
  const start = performance.now();
  while (jobs.length && performance.now() - start < SLICE_MS) jobs.shift()!();
  if (jobs.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(runSlice, 0);
}

export function enqueue(job: () => void): void {
  jobs.push(job);
  schedule();
}
