import type { JsonSchema } from './types';

/**
 * Values to hold a rebuilt params schema to the original on: for every property its
 * default, bounds and one step past them, a fraction where an integer is wanted, every
 * enum option and one that is not, strings at and past their length, wrong types,
 * null, a missing value and an unknown key. Derived from the schema itself, so a new
 * node type or param is covered without a hand-kept list.
 */
export function paramCases(schema: JsonSchema, defaults: Record<string, unknown>): unknown[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const cases: unknown[] = [{}, defaults, { ...defaults, unknownParam: 1 }, null, 'text', [], 42];
  for (const [key, prop] of Object.entries(properties)) {
    for (const value of valuesFor(prop)) {
      cases.push({ ...defaults, [key]: value });
      cases.push({ [key]: value });
    }
    const { [key]: _dropped, ...without } = defaults;
    cases.push(without);
  }
  return cases;
}

function valuesFor(prop: JsonSchema): unknown[] {
  const values: unknown[] = [null, undefined, true, 'x', {}, [], -1, 0, 0.5, 1, 1e12, Number.NaN];
  if ('default' in prop) values.push(prop.default);
  for (const bound of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const b = prop[bound];
    if (typeof b === 'number') values.push(b, b - 1, b + 1, b - 1e-9, b + 1e-9, b + 0.5);
  }
  for (const option of (prop.enum as unknown[] | undefined) ?? []) values.push(option, `${String(option)}!`);
  if (typeof prop.const !== 'undefined') values.push(prop.const);
  const maxLength = prop.maxLength;
  if (typeof maxLength === 'number' && maxLength < 100_000) values.push('a'.repeat(maxLength), 'a'.repeat(maxLength + 1));
  const minLength = prop.minLength;
  if (typeof minLength === 'number') values.push('a'.repeat(minLength), minLength > 0 ? 'a'.repeat(minLength - 1) : '');
  if (prop.type === 'array') {
    const items = (prop.items ?? {}) as JsonSchema;
    const item = typeof items.minimum === 'number' ? items.minimum : 'default' in items ? items.default : 1;
    for (const n of [0, 1, 2, 3, prop.minItems, prop.maxItems, typeof prop.maxItems === 'number' ? prop.maxItems + 1 : undefined]) {
      if (typeof n === 'number' && n <= 10_000) values.push(Array.from({ length: n }, () => item));
    }
    values.push([1, 'x'], [null]);
  }
  for (const alt of [...((prop.anyOf as JsonSchema[] | undefined) ?? []), ...((prop.oneOf as JsonSchema[] | undefined) ?? [])]) values.push(...valuesFor(alt).slice(12));
  return values;
}
