import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown';

describe('markdownToHtml', () => {
  it('renders Markdown and inline and display math with KaTeX', () => {
    const html = markdownToHtml('**bold** and $x^2$\n\n$$\\int_0^1 f$$\n');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
  });

  it('renders display math inside a paragraph and leaves lone dollars alone', () => {
    const html = markdownToHtml('costs $5\nthen\n$$a = b$$\nafter');
    expect(html).toContain('katex-display');
    expect(html).toContain('costs $5');
  });

  it('reports bad TeX in place instead of throwing', () => {
    expect(() => markdownToHtml('$\\frac{$')).not.toThrow();
  });
});

describe('math bounds and lazy placeholders (issue 17, finding 3)', () => {
  it('renders at most 300 formulas of a note; the rest stay as source, quickly', () => {
    const text = Array.from({ length: 1100 }, (_, i) => `$x_{${i}}$`).join(' ');
    const t0 = performance.now();
    const html = markdownToHtml(text, { lazyMath: true });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(html.match(/class="math-lazy"/g)).toHaveLength(300);
    expect(html.match(/class="math-source"/g)).toHaveLength(800);
    expect(html).not.toContain('class="katex"');
  });

  it('a lazy placeholder carries its TeX escaped, and a formula over 2000 characters is not rendered', () => {
    expect(markdownToHtml('$a<b"c$', { lazyMath: true })).toContain('data-tex="a&#60;b&#34;c"');
    expect(markdownToHtml(`$${'x'.repeat(2001)}$`)).toContain('math-source');
  });
});
