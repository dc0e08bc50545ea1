import { create } from 'zustand';

/**
 * Fields that hold a typed value the schema refused (it is shown, not applied). While one
 * does, Run refuses to start and names it: running would silently use the old value.
 * Keys are `<node>\u0000<field>`; values are the plain message shown under the field.
 */
export const useInvalidFields = create<Record<string, string>>()(() => ({}));

const keyOf = (node: string, field: string) => `${node}\u0000${field}`;

export function markInvalid(node: string, field: string, message: string | null): void {
  const key = keyOf(node, field);
  const s = useInvalidFields.getState();
  if (message === null ? !(key in s) : s[key] === message) return;
  if (message === null) {
    const { [key]: _, ...rest } = s;
    useInvalidFields.setState(rest, true);
  } else useInvalidFields.setState({ [key]: message });
}

/** The invalid fields of nodes that still exist, as "node 'x', field 'steps': message". */
export function invalidFieldProblems(existing: ReadonlySet<string>): { node: string; field: string; message: string }[] {
  return Object.entries(useInvalidFields.getState())
    .map(([key, message]) => {
      const [node, field] = key.split('\u0000');
      return { node, field, message };
    })
    .filter((p) => existing.has(p.node));
}
