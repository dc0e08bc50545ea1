/** Per-node events of a run (DESIGN.md: queued, running(progress), cached, done(seconds), error(message)). */
export type RunEvent =
  | { type: 'queued'; node: string }
  | {
      type: 'running';
      node: string;
      progress: number;
      preview?: unknown;
      /** What the node waits on besides its own steps (e.g. 'compiling shaders' on WebGPU); absent when nothing. */
      phase?: string;
    }
  | { type: 'cached'; node: string; /** 'storage': trained weights restored from the weight store */ from?: 'memory' | 'storage' }
  | { type: 'done'; node: string; seconds: number }
  | { type: 'error'; node: string; message: string; port?: string }
  | { type: 'cancelled'; node: string };

export type NodeStatus = RunEvent['type'];

export interface RunError {
  node: string;
  message: string;
  port?: string;
  /** JSON path into the graph file, when the error is a validation issue. */
  path?: string;
}

export interface RunResult {
  status: 'done' | 'error' | 'cancelled';
  seconds: number;
  /** Final status of each planned node. */
  nodes: Record<string, { status: 'cached' | 'done' | 'error' | 'cancelled' | 'skipped'; seconds?: number }>;
  error?: RunError;
  /** Validation issues when the graph could not be run at all. */
  issues?: { code: string; message: string; path: string; node?: string; port?: string }[];
}
