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
