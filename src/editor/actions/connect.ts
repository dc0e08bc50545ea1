import { checkConnection, type Connection } from '../graph/check-connection';
import { withEdge } from '../graph/ops';
import { getGraph, updateGraph } from '../store/graph';

/** Connect two ports if the rules allow it; returns the refusal reason otherwise. */
export function connect(c: Connection): string | null {
  const check = checkConnection(getGraph(), c);
  if (!check.ok) return check.reason;
  updateGraph((g) => withEdge(g, c, check.replaces));
  return null;
}
