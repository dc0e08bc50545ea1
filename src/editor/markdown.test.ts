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
    // The other 800 stay as their source text, no element each, with one notice saying why.
    expect(html).toContain(' $x_{300}$ $x_{301}$ ');
    expect(html).toContain('$x_{1099}$');
    expect(html.match(/class="math-notice"/g)).toHaveLength(1);
    expect(html).toContain('800 formulas shown as TeX: a note renders at most 300 formulas');
    expect(html.match(/</g)!.length).toBeLessThan(2 * 300 + 10);
    expect(html).not.toContain('class="katex"');
  });

  it('a lazy placeholder carries its TeX escaped, and a formula over 2000 characters is not rendered', () => {
    expect(markdownToHtml('$a<b"c$', { lazyMath: true })).toContain('data-tex="a&#60;b&#34;c"');
    const long = markdownToHtml(`$${'x'.repeat(2001)}$ and $$y$$`);
    expect(long).toContain(`$${'x'.repeat(2001)}$`);
    expect(long).toContain('1 formula shown as TeX');
    expect(long).toContain('class="katex-display"');
  });
});
