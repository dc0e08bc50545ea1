import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { isLocalResource, safeStyle } from './safe-style';

describe('safeStyle: what KaTeX writes, nothing that can cover the app (issue 17, finding 4)', () => {
  it('drops position:fixed, z-index, inset and url(), keeps lengths and colours', () => {
    expect(safeStyle('position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999')).toBe('top:0;left:0');
    expect(safeStyle('position: absolute; inset: 0')).toBe('');
    expect(safeStyle('background: url(http://evil/pixel.png); color: red')).toBe('color:red');
    expect(safeStyle('background-color: #ff0 !important; height: 1.2em')).toBe('background-color:#ff0;height:1.2em');
    expect(safeStyle('position:relative;top:-0.25em')).toBe('position:relative;top:-0.25em');
    expect(safeStyle('width: expression(alert(1))')).toBe('');
    expect(safeStyle('constructor: 1; __proto__: 2')).toBe('');
  });

  it('keeps every style KaTeX emits for a broad formula unchanged', () => {
    const html = katex.renderToString(String.raw`\color{red}{x}^{2}_{i} + \frac{\sqrt{a}}{\colorbox{yellow}{b}} \overline{xy} \underbrace{abc}_{n} \begin{array}{c|c} 1 & 2 \\ \hline 3 & 4 \end{array} \rule{1em}{2pt}`, { throwOnError: false });
    // (KaTeX 0.19 writes one style="false" for \colorbox: not a declaration, dropped.)
    const styles = [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]).filter((s) => s.includes(':'));
    expect(styles.length).toBeGreaterThan(10);
    for (const s of styles) {
      const normal = s.split(';').filter(Boolean).map((d) => d.replace(/\s*:\s*/, ':').trim().toLowerCase()).join(';');
      expect(safeStyle(s), s).toBe(normal);
    }
  });
});

describe('isLocalResource: a note never fetches from the network (finding 5)', () => {
  it.each(['http://tracker.example/p.gif', 'HTTPS://x/y', '//x.example/p.png', ' http://x', 'ftp://x', 'javascript:alert(1)', 'data:text/html,<b>', '\\\\host\\share', 'java\tscript:x'])('refuses %s', (url) => {
    expect(isLocalResource(url)).toBe(false);
  });
  it.each(['data:image/png;base64,AAAA', 'blob:http://localhost/1234', 'images/a.png', '/favicon.svg', '#x'])('keeps %s', (url) => {
    expect(isLocalResource(url)).toBe(true);
  });
});
