import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssue, plainZodIssues, quote } from './zod-messages';

const schema = z.object({
  steps: z.number().int().min(1).max(1000),
  eta: z.number().positive(),
  variance: z.enum(['beta', 'posterior']),
  seed: z.number().int().refine((v) => v % 2 === 0, 'seed must be even here'),
});

/** The plain message of the first issue of `params` (checked through the real zod schema). */
function messageFor(params: Record<string, unknown>): string {
  const parsed = schema.safeParse({ steps: 10, eta: 1, variance: 'beta', seed: 2, ...params });
  if (parsed.success) throw new Error('expected a problem');
  const issue = parsed.error.issues[0];
  const key = String(issue.path[0]);
  return plainIssue(key, issue as never, { steps: 10, eta: 1, variance: 'beta', seed: 2, ...params }[key]);
}

describe('field messages in plain words', () => {
  it('names the field, what it must be and what it got', () => {
    expect(messageFor({ steps: 2.5 })).toBe('steps must be a whole number; got 2.5');
    expect(messageFor({ steps: 0 })).toBe('steps must be at least 1; got 0');
    expect(messageFor({ steps: 5000 })).toBe('steps must be at most 1000; got 5000');
    expect(messageFor({ eta: 0 })).toBe('eta must be greater than 0; got 0');
    expect(messageFor({ eta: 'abc' })).toBe("eta must be a number; got 'abc'");
    expect(messageFor({ variance: 'none' })).toBe("variance must be one of 'beta', 'posterior'; got 'none'");
  });

  it("keeps a node schema's own message", () => {
    expect(messageFor({ seed: 3 })).toBe('seed: seed must be even here');
  });

  it('quotes long values short', () => {
    expect(quote('x'.repeat(60))).toBe(`'${'x'.repeat(40)}…'`);
    expect(quote([1, 2])).toBe('[1,2]');
  });
});

describe('plainZodIssues: the one formatter of the CLI, file imports and the inspector', () => {
  const strict = z.strictObject({ steps: z.number().int().min(1).max(1000), variance: z.enum(['beta', 'posterior']), name: z.string() });
  const issuesOf = (input: Record<string, unknown>) => {
    const parsed = strict.safeParse(input);
    if (parsed.success) throw new Error('expected a problem');
    return plainZodIssues(parsed.error, input);
  };
  const ok = { steps: 10, variance: 'beta', name: 'x' };

  it('int, min, max and enum name the field, what it must be and what it got', () => {
    expect(issuesOf({ ...ok, steps: 2.5 })).toEqual([{ path: ['steps'], message: 'steps must be a whole number; got 2.5' }]);
    expect(issuesOf({ ...ok, steps: 0 })).toEqual([{ path: ['steps'], message: 'steps must be at least 1; got 0' }]);
    expect(issuesOf({ ...ok, steps: 5000 })).toEqual([{ path: ['steps'], message: 'steps must be at most 1000; got 5000' }]);
    expect(issuesOf({ ...ok, variance: 'none' })).toEqual([{ path: ['variance'], message: "variance must be one of 'beta', 'posterior'; got 'none'" }]);
  });

  it('a missing key and each unknown key are named at their own paths', () => {
    expect(issuesOf({ steps: 10, variance: 'beta' })).toEqual([{ path: ['name'], message: "missing key 'name' (text)" }]);
    expect(issuesOf({ ...ok, extra: 1, other: 2 })).toEqual([
      { path: ['extra'], message: "unknown key 'extra'" },
      { path: ['other'], message: "unknown key 'other'" },
    ]);
  });

  it('no library text reaches a message', () => {
    for (const input of [{ ...ok, steps: 2.5 }, { ...ok, steps: 'abc' }, { ...ok, variance: 3 }, { steps: 1 }]) for (const i of issuesOf(input)) expect(i.message).not.toMatch(/Invalid input|expected \w+, received/);
  });

  it('reads values through own properties only (a key named toString is missing, not a function)', () => {
    expect(issuesOf({ steps: 10, variance: 'beta', name: undefined }).map((i) => i.message)).toEqual(["missing key 'name' (text)"]);
    const parsed = z.object({ toString: z.string() }).safeParse({});
    expect(parsed.success ? [] : plainZodIssues(parsed.error, {}).map((i) => i.message)).toEqual(["missing key 'toString' (text)"]);
  });
});
