/**
 * Names that JavaScript objects inherit (`constructor`, `toString`, `__proto__`, …).
 * A node id, port or param key with such a name would be found by every plain-object
 * lookup (`outputs[id] ?? EMPTY`, `key in params`) even where the graph has none, or
 * vanish (`{ [id]: v }` with `__proto__`): the file format refuses them outright, and
 * code that indexes by them uses Maps, null-prototype records or `Object.hasOwn`.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(name);
}

export const RESERVED_MESSAGE = 'is a name every JavaScript object has (like constructor or __proto__); choose another';

/** Own property of a plain record, never an inherited one. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
