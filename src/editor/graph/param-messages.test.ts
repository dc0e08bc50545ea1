import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssue, quote } from './param-messages';

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
