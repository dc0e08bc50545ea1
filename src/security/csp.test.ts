import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

describe('Content-Security-Policy (issue 17, finding 5)', () => {
  it('allows images only from the app, data: and blob:, and no remote connect, frame or object', () => {
    const d = directives(contentSecurityPolicy('build'));
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('connect-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-src')).toEqual(["'none'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    for (const [name, values] of d) for (const v of values) expect(v, name).not.toMatch(/^(https?:|\*|wss?:)/);
  });

  it('lets WebAssembly compile, and allows inline script only on the dev server', () => {
    expect(directives(contentSecurityPolicy('build')).get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives(contentSecurityPolicy('serve')).get('script-src')).toContain("'unsafe-inline'");
  });
});
