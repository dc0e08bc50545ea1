import type { RunErrorCode } from './context';
import type { GraphIssue, GraphIssueCode, JsonPath } from './errors';

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
  | ({ type: 'error' } & RunError)
  | { type: 'cancelled'; node: string };

export type NodeStatus = RunEvent['type'];

/**
 * Why a run failed, as data: the editor pins it from these fields (never from the message text).
 * A node inside a loop body fails its loop: `node` is the loop, `bodyNode` the body node's id.
 */
export interface RunError {
  node: string;
  bodyNode?: string;
  port?: string;
  /** JSON path into the graph file: a validation issue's path, or the failing node's ['nodes', i(, 'body', 'nodes', j)]. */
  path: JsonPath;
  /** A GraphIssueCode (the graph could not run) or a RunErrorCode (a node failed). */
  code: GraphIssueCode | RunErrorCode;
  message: string;
}

export interface RunResult {
  status: 'done' | 'error' | 'cancelled';
  seconds: number;
  /** Final status of each planned node. */
  nodes: Record<string, { status: 'cached' | 'done' | 'error' | 'cancelled' | 'skipped'; seconds?: number }>;
  error?: RunError;
  /** Validation issues when the graph could not be run at all. */
  issues?: GraphIssue[];
}
