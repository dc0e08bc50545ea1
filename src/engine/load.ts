import { assertionTargetIssues } from './assertion-targets';
import type { GraphIssue } from './errors';
import { GraphValidationError } from './errors';
import { GRAPH_FORMAT, GRAPH_VERSION, GraphFileSchema, LIMITS, type GraphFile } from './format';
import { migrateFile } from './migrations';
import { parseJsonText, tooDeepIssue, valueDepthExceeds } from './parse-json';
import type { NodeRegistry } from './registry';
import { upgradeGraph, type UpgradedNode } from './upgrade';
import { validateGraph, zodIssues } from './validate';

export interface ParseResult {
  graph: GraphFile | null;
  issues: GraphIssue[];
  /** The file's version when it was migrated to the current one. */
  migratedFrom?: number;
  /** Nodes saved by an older version of their type, now upgraded (params migrated, typeVersion current). */
  upgraded?: UpgradedNode[];
}

/**
 * Read a graph file (text or parsed JSON): size, JSON syntax, format and version
 * (older versions are migrated, newer refused), then the strict schema. Every problem
 * is reported with its JSON path. With a registry, nodes saved by older versions of their
 * types are upgraded (upgrade.ts: the returned graph is the upgraded file) and the graph is
 * validated against the node types (unknown types, ports, type mismatches, cycles, params).
 */
export function parseGraphFile(input: string | unknown, registry?: NodeRegistry): ParseResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    const parsed = parseJsonText(input, LIMITS.fileBytes);
    if (!parsed.ok) return fail(parsed.issue);
    data = parsed.data;
  } else if (valueDepthExceeds(input)) return fail(tooDeepIssue());
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as { format?: unknown }).format !== GRAPH_FORMAT) {
    return fail({ code: 'not-a-graph', path: ['format'], message: `not a graph file: "format" must be "${GRAPH_FORMAT}"` });
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > GRAPH_VERSION) {
    return fail({ code: 'newer-version', path: ['version'], message: `this file has format version ${version}, newer than this app reads (${GRAPH_VERSION}); update the app to open it` });
  }
  let migratedFrom: number | undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version < GRAPH_VERSION) {
    const migrated = migrateFile(data as Record<string, unknown>, version);
    if ('error' in migrated) return fail({ code: 'schema', path: ['version'], message: migrated.error });
    data = migrated.file;
    migratedFrom = version;
  }
  const parsed = GraphFileSchema.safeParse(data);
  if (!parsed.success) return { graph: null, issues: zodIssues(parsed.error, [], 'schema', undefined, data) };
  if (!registry) return { graph: parsed.data, issues: [], migratedFrom };
  const { graph, upgraded } = upgradeGraph(parsed.data, registry);
  const v = validateGraph(graph, registry);
  return { graph, issues: [...v.issues, ...assertionTargetIssues(graph, registry), ...[...v.nodeIssues.values()].flat()], migratedFrom, ...(upgraded.length ? { upgraded } : {}) };
}

/** Parse and validate, or throw a GraphValidationError listing every issue. */
export function loadGraphFile(input: string | unknown, registry: NodeRegistry): GraphFile {
  const result = parseGraphFile(input, registry);
  if (!result.graph || result.issues.length) throw new GraphValidationError(result.issues);
  return result.graph;
}

function fail(issue: GraphIssue): ParseResult {
  return { graph: null, issues: [issue] };
}
