import * as tf from '@tensorflow/tfjs';

/**
 * Cancel inside one long sampler step. A sampler's step is a synchronous function of (x, j)
 * (it runs in tf.tidy), and a U-Net call on 200 digits takes seconds on WASM: a cancel can only
 * get through at an `await`, so it waited for the whole step. Here an expensive evaluation runs
 * in slices of rows with an await (the run's checkpoint) between them, without making any
 * sampler asynchronous:
 *
 *   interruptibleStep runs the step; the first expensive evaluation it meets that has no result
 *   yet throws PendingEvaluation (tidy frees the step's work so far); the evaluation is then
 *   computed slice by slice, awaiting the checkpoint before each; the step is run again from the
 *   start and that call returns the stored result. A step with k expensive calls runs k + 1
 *   times; every run but the last stops at its first missing call, so the repeats cost a few
 *   elementwise ops. Steps are deterministic functions of (x, j) (their noise is seeded), so the
 *   i-th call of each repeat has the same input and the stored results are the right ones. A step
 *   may change state outside its tensors (DPM-Solver's history) only after its last expensive call.
 *
 * Outside interruptibleStep an evaluation runs its slices at once. Slicing the batch is exact:
 * every row is computed by the same kernels (the U-Net's layers act per image), so results are
 * bit for bit those of one call on the whole batch (tested on wasm and cpu).
 */
export class PendingEvaluation extends Error {
  constructor(
    /** Computes the evaluation, awaiting `checkpoint` before each slice; releases what it holds. */
    readonly compute: (checkpoint: () => Promise<void>) => Promise<tf.Tensor>,
  ) {
    super('an evaluation waits to run in slices (handled by interruptibleStep)');
    this.name = 'PendingEvaluation';
  }
}

interface Session {
  /** Results of the step's expensive calls so far, in call order. */
  results: tf.Tensor[];
  /** Expensive calls met in the current run of the step. */
  calls: number;
}

/** The step being run by interruptibleStep (set only while its synchronous body runs, so runs never interleave). */
let session: Session | undefined;

/** Counts the runs (attempts) of steps: a counter of evaluations discards what an attempt ended by PendingEvaluation counted. */
let attempts = 0;

/** Which attempt of an interruptible step is running (changes at every run of a step body). */
export function stepAttempt(): number {
  return attempts;
}

/** Row ranges [begin, size] covering n rows in slices of at most `rows`. */
function sliceRanges(n: number, rows: number): [number, number][] {
  const out: [number, number][] = [];
  for (let b = 0; b < n; b += rows) out.push([b, Math.min(rows, n - b)]);
  return out;
}

const rowsOf = (x: tf.Tensor, b: number, size: number) => tf.slice(x, b, size);

/**
 * f(x, 0) for a batch x [N, …] whose rows f treats independently (f(rows, begin) for the rows from `begin`), computed on slices of at most
 * `rows` rows and joined: inside interruptibleStep, deferred so that the slices can yield.
 */
export function evaluateInSlices(x: tf.Tensor, rows: number, f: (xs: tf.Tensor, begin: number) => tf.Tensor): tf.Tensor {
  const ranges = x.rank > 0 ? sliceRanges(x.shape[0], Math.max(1, Math.floor(rows))) : [];
  if (ranges.length <= 1) return f(x, 0);
  if (!session) return tf.tidy(() => tf.concat(ranges.map(([b, n]) => tf.tidy(() => f(rowsOf(x, b, n), b)))));
  const i = session.calls++;
  const stored = session.results[i];
  if (stored) {
    if (!tf.util.arraysEqual(stored.shape, x.shape)) throw new Error(`interruptible step: call ${i} met x of shape [${x.shape}], its stored result is [${stored.shape}] (a step that is not deterministic?)`);
    return tf.clone(stored);
  }
  const kept = tf.keep(tf.clone(x));
  throw new PendingEvaluation(async (checkpoint) => {
    const parts: tf.Tensor[] = [];
    try {
      for (const [b, n] of ranges) {
        await checkpoint();
        parts.push(tf.tidy(() => f(rowsOf(kept, b, n), b)));
      }
      return tf.concat(parts);
    } finally {
      tf.dispose(parts);
      kept.dispose();
    }
  });
}

/**
 * step() in tf.tidy, its expensive evaluations (evaluateInSlices) run in slices with
 * `checkpoint` awaited before each (so a cancel lands within one slice). Same result as
 * tf.tidy(step), which may return several tensors (rk45's step: x, its last stage and the error
 * norm); leaves nothing behind on success, error or cancel.
 */
export async function interruptibleStep<T extends tf.TensorContainer = tf.Tensor>(checkpoint: () => Promise<void>, step: () => T): Promise<T> {
  const results: tf.Tensor[] = [];
  try {
    for (;;) {
      let pending: PendingEvaluation;
      const outer = session;
      session = { results, calls: 0 };
      attempts += 1;
      try {
        return tf.tidy(step);
      } catch (e) {
        if (!(e instanceof PendingEvaluation)) throw e;
        pending = e;
      } finally {
        session = outer;
      }
      results.push(await pending.compute(checkpoint));
    }
  } finally {
    tf.dispose(results);
  }
}
