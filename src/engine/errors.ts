/**
 * Problems with a graph, each naming where it is: a JSON path into the file and,
 * when it concerns one, the node and port.
 */
export type GraphIssueCode =
  | 'invalid-json'
  | 'invalid-encoding'
  | 'too-deep'
  | 'too-large'
  | 'not-a-graph'
  | 'newer-version'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-type'
  | 'newer-node-version'
  | 'invalid-params'
  | 'unknown-port'
  | 'dangling-edge'
  | 'type-mismatch'
  | 'duplicate-input'
  | 'missing-input'
  | 'cycle'
  | 'unknown-target';

export type JsonPath = (string | number)[];

export interface GraphIssue {
  code: GraphIssueCode;
  message: string;
  path: JsonPath;
  node?: string;
  port?: string;
}

/** `$.nodes[3].params.n` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${acc}.${key}` : `${acc}[${JSON.stringify(key)}]`), '$');
}

export function formatIssue(issue: GraphIssue): string {
  return `${formatPath(issue.path)}: ${issue.message} [${issue.code}]`;
}

/** Thrown when a graph cannot be run; carries every issue found. */
export class GraphValidationError extends Error {
  constructor(readonly issues: GraphIssue[]) {
    super(issues.length === 1 ? formatIssue(issues[0]) : `${issues.length} problems in the graph:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'GraphValidationError';
  }
}
