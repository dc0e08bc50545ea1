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

const KINDS: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'an object' };

/**
 * One schema issue about field `key` in plain words that name the field and the value:
 * "steps must be a whole number; got 2.5" rather than the library's "Invalid input:
 * expected int, received number". Custom messages of a node's schema are kept as written.
 */
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
