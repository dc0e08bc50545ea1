import { memo } from 'react';
import type { NodeRun } from '../store/run';

function text(run: NodeRun): string {
  switch (run.status) {
    case 'running':
      // In a phase (compiling shaders) the fraction counts steps queued on the GPU, not run: no percentage.
      return !run.phase && run.progress !== undefined && run.progress > 0 ? `${Math.round(run.progress * 100)}%` : 'running';
    case 'done':
      return run.seconds !== undefined ? formatSeconds(run.seconds) : 'done';
    case 'skipped':
      return 'not run';
    case 'cancelled':
      return 'stopped';
    default:
      return run.status;
  }
}

export function formatSeconds(s: number): string {
  return s < 0.01 ? '<10 ms' : s < 1 ? `${Math.round(s * 1000)} ms` : s < 60 ? `${s.toFixed(s < 10 ? 2 : 1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** queued · running with progress · cached · done with time · error · stopped · not run. */
export const StatusBadge = memo(function StatusBadge({ nodeId, run }: { nodeId: string; run?: NodeRun }) {
  if (!run) return null;
  return (
    <span className={`badge badge-${run.status}`} data-testid={`status-${nodeId}`} data-status={run.status} title={run.message ?? run.status}>
      {text(run)}
    </span>
  );
});
