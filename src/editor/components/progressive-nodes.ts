import { useEffect, useState } from 'react';

/**
 * A big graph's nodes reach the canvas in batches, one batch per task, instead of all in
 * one commit (issue 17, finding 3: a share link of 390 notes mounted, measured and laid
 * out every node in one task of ~200 ms CPU here). Graphs up to THRESHOLD nodes (every
 * lesson) mount at once, as before. A new `key` (a graph opened: the fit request) starts
 * over; once all are in, edits show at once. Edges wait for both their ends.
 */
const THRESHOLD = 120;
const BATCH = 40;

interface Keyed {
  id: string;
}

export function useProgressiveNodes<N extends Keyed, E extends { source: string; target: string }>(nodes: N[], edges: E[], key: unknown): { nodes: N[]; edges: E[] } {
  const initial = () => ({ key, limit: nodes.length > THRESHOLD ? BATCH : Infinity });
  const [state, setState] = useState(initial);
  let limit = state.limit;
  if (state.key !== key) {
    // A graph was opened: derived state, set during render (React re-renders before committing).
    const next = initial();
    limit = next.limit;
    setState(next);
  }
  const partial = limit < nodes.length;
  useEffect(() => {
    if (!partial) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, limit: s.limit + BATCH >= nodes.length ? Infinity : s.limit + BATCH })), 0);
    return () => clearTimeout(timer);
  }, [partial, limit, nodes.length]);
  if (!partial) return { nodes, edges };
  const shown = nodes.slice(0, limit);
  const ids = new Set(shown.map((n) => n.id));
  return { nodes: shown, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}
