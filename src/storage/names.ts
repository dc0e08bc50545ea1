/** Graph names in the library: trimmed, bounded like the file format's `name`, and unique on creation. */
export const MAX_NAME_LENGTH = 200;

/** A trimmed, non-empty name within bounds, or null. */
export function cleanName(name: string): string | null {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  return trimmed && trimmed.length <= MAX_NAME_LENGTH ? trimmed : null;
}

/**
 * `name`, or `name (2)`, `name (3)`… the first not in `taken` (compared case-insensitively).
 * A name that already carries a counter continues from its base: "A (2)" taken → "A (3)".
 */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  const match = /^(.*) \((\d+)\)$/.exec(name);
  const base = match ? match[1] : name;
  for (let n = match ? Number(match[2]) + 1 : 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** A random id (UUID v4 where randomUUID exists; it does not on plain-http origins). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
