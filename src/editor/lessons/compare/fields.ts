import { getGraph } from '../../store/graph';
import { useRun } from '../../store/run';
import { runAux } from './aux-run';
import { buildFieldGraph, fieldKey, fieldValues, type FieldGrid, type FieldRequest } from './field-graph';
import { useCompare, type FieldResult } from './store';

/** Fields kept for scrubbing back and forth (each a few kB). */
const KEEP = 240;

let busy = false;
let pending: { requests: FieldRequest[]; grid: FieldGrid } | null = null;

function setFields(patch: Record<string, FieldResult>): void {
  const all = { ...useCompare.getState().fields, ...patch };
  const keys = Object.keys(all);
  // Oldest first (insertion order): drop beyond KEEP.
  for (const k of keys.slice(0, Math.max(0, keys.length - KEEP))) delete all[k];
  useCompare.setState({ fields: all });
}

/**
 * Ask for the score fields of these requests on this grid. Throttled by the engine itself:
 * one field run at a time, and while it runs only the latest request waits (the slider's
 * intermediate positions are skipped). Fields already computed (or failed) are not rerun.
 */
export function requestFields(requests: FieldRequest[], grid: FieldGrid): void {
  pending = { requests, grid };
  if (!busy) void pump();
}

async function pump(): Promise<void> {
  busy = true;
  try {
    while (pending && !useRun.getState().runId) {
      const { requests, grid } = pending;
      pending = null;
      const known = useCompare.getState().fields;
      const missing = requests.filter((r) => !known[fieldKey(r, grid)]);
      if (!missing.length) continue;
      const keys = missing.map((r) => fieldKey(r, grid));
      setFields(Object.fromEntries(keys.map((k) => [k, { status: 'running' }])));
      try {
        const built = buildFieldGraph(getGraph(), missing, grid);
        const reply = await runAux(built.graph, built.targets);
        setFields(
          Object.fromEntries(
            keys.map((k) => {
              const values = fieldValues(reply.outputs[built.nodeOf.get(k)!], grid);
              return [k, values ? { status: 'done', values } : { status: 'error', message: 'the evaluation returned no field' }];
            }),
          ),
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        setFields(Object.fromEntries(keys.map((k) => [k, { status: 'error', message }])));
      }
    }
  } finally {
    busy = false;
  }
}
