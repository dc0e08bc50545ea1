import type { z } from 'zod';
import type { JsonPath } from './errors';

/**
 * zod's issues in plain words: a missing key is named ("missing 'name' (text)")
 * instead of "expected string, received undefined", and each unknown key becomes its
 * own issue at its own JSON path. Other messages pass through.
 */
export interface PlainIssue {
  path: JsonPath;
  message: string;
}

const KIND: Record<string, string> = { string: 'text', number: 'a number', int: 'an integer', boolean: 'true or false', array: 'a list', object: 'an object', record: 'an object' };

export function plainZodIssues(error: z.ZodError): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path as JsonPath;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key '${key}'` });
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message) && path.length) {
      const key = path[path.length - 1];
      const kind = KIND[issue.expected] ?? issue.expected;
      out.push({ path, message: typeof key === 'number' ? `item ${key} is missing (${kind})` : `missing key '${key}' (${kind})` });
    } else out.push({ path, message: issue.message });
  }
  return out;
}
