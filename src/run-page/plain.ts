/** A deep copy with typed arrays as plain number arrays: for JSON, and for values handed to Playwright. */
export function toPlain(value: unknown, depth = 0): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (!value || typeof value !== 'object' || depth > 12) return value;
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v, depth + 1)]));
}
