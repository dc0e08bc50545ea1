import { checkConnection, type Connection } from '../graph/check-connection';
import { withEdge } from '../graph/ops';
import { getScoped, updateScoped } from '../loops/lens';

/** Connect two ports if the rules allow it; returns the refusal reason otherwise. */
export function connect(c: Connection): string | null {
  const check = checkConnection(getScoped(), c);
  if (!check.ok) return check.reason;
  updateScoped((g) => withEdge(g, c, check.replaces));
  return null;
}
