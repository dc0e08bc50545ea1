import { ExpandError, expandInGraph } from '../nodes/loop/expand';
import type { ExpandReply } from '../src/engine/api';
import type { GraphFile } from '../src/engine/format';

/** The worker's answer to `expand`: the graph with the sampler replaced by its loop, or why not. */
export function expandReply(graph: GraphFile, nodeId: string): ExpandReply {
  try {
    return { ok: true, ...expandInGraph(graph, nodeId) };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, message: e.message };
    throw e;
  }
}
