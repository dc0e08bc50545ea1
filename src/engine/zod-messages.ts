import type { z } from 'zod';
import type { JsonPath } from './errors';

/**
 * Schema problems in plain words, one formatter for the CLI, file imports and the
 * editor's inspector (issues 16 and 17): a field is named with what it must be and what
 * it got ("steps must be a whole number; got 2.5", not the library's "Invalid input:
 * expected int, received number"); a missing key is named ("missing key 'name' (text)");
 * each unknown key is its own issue at its own JSON path. A node schema's own messages
 * (refinements) are kept as written.
 */
export interface PlainIssue {
  path: JsonPath;
  message: string;
}

/** The parts of a zod issue that say what a value should have been. */
export interface SchemaIssue {
  code: string;
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
}

/** A value as a message quotes it: numbers and booleans bare, text in quotes, the rest as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

const KINDS: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'an object', record: 'an object' };

/** One schema issue about field `key` in plain words that name the field, what it must be and the value it got. */
export function plainIssue(key: string, issue: SchemaIssue, value: unknown): string {
  const got = `; got ${quote(value)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${key} must be ${KINDS[issue.expected ?? ''] ?? issue.expected ?? 'something else'}${got}`;
    case 'too_small':
      return `${key} must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}${got}`;
    case 'too_big':
      return `${key} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${got}`;
    case 'invalid_value':
      return `${key} must be one of ${(issue.values ?? []).map(quote).join(', ')}${got}`;
    case 'not_multiple_of':
      return `${key} must be a multiple of ${(issue as { divisor?: number }).divisor}${got}`;
    default:
      return `${key}: ${issue.message}`;
  }
}

/** The value at `path` inside `input` (own properties only: a path never reads Object.prototype). */
function valueAt(input: unknown, path: JsonPath): { found: boolean; value?: unknown } {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return { found: false };
    v = (v as Record<string | number, unknown>)[key];
  }
  return { found: true, value: v };
}

/** `error`'s issues in plain words; `input` is what was parsed (its values are quoted in the messages). */
export function plainZodIssues(error: z.ZodError, input?: unknown): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path as JsonPath;
    const key = path[path.length - 1];
    const at = valueAt(input, path);
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ path: [...path, k], message: `unknown key '${k}'` });
    } else if (issue.code === 'invalid_type' && at.value === undefined && path.length) {
      const kind = KINDS[issue.expected] ?? issue.expected;
      out.push({ path, message: typeof key === 'number' ? `item ${key} is missing (${kind})` : `missing key '${key}' (${kind})` });
    } else if (typeof key === 'string' && issue.code !== 'custom' && at.found) {
      out.push({ path, message: plainIssue(key, issue as SchemaIssue, at.value) });
    } else out.push({ path, message: issue.message });
  }
  return out;
}
