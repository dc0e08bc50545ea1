import { create } from 'zustand';
import type { BackendInfo, BackendRequest, OutputSummary } from '../../engine/api';
import type { Preview } from '../../engine/preview';

/** What the editor shows of one node's last run. */
export interface NodeRun {
  /** 'skipped': planned but never ran (a Stop or an error upstream ended the run first). */
  status: 'queued' | 'running' | 'cached' | 'done' | 'error' | 'cancelled' | 'skipped';
  progress?: number;
  /** What a running node waits on besides its steps ('compiling shaders' on a fresh WebGPU backend). */
  phase?: string;
  seconds?: number;
  message?: string;
  port?: string;
  /** A progress preview sent while running (a loss curve while training). */
  preview?: Preview;
}

export interface RunState {
  backendRequest: BackendRequest;
  backend: BackendInfo | null;
  backendError: string | null;
  /** The run in progress. */
  runId: string | null;
  nodes: Readonly<Record<string, NodeRun>>;
  outputs: Readonly<Record<string, OutputSummary[]>>;
  last: { status: 'done' | 'error' | 'cancelled'; seconds: number; message?: string; /** the node an error is about */ node?: string } | null;
}

export const useRun = create<RunState>()(() => ({
  backendRequest: 'auto',
  backend: null,
  backendError: null,
  runId: null,
  nodes: {},
  outputs: {},
  last: null,
}));

export function setNodeRun(id: string, patch: Partial<NodeRun> & Pick<NodeRun, 'status'>): void {
  useRun.setState((s) => ({ nodes: { ...s.nodes, [id]: { ...patch } } }));
}
