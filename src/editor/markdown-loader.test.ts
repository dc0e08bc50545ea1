import { describe, expect, it } from 'vitest';
import { loadMarkdown, markdownIfLoaded, sourceAsHtml } from './markdown-loader';

describe('markdown loader', () => {
  it('loads KaTeX and marked once, on the first call, and keeps the module', async () => {
    expect(markdownIfLoaded()).toBeUndefined();
    const first = loadMarkdown();
    expect(loadMarkdown()).toBe(first);
    const md = await first;
    expect(markdownIfLoaded()).toBe(md);
    expect(md.tex('x^2', false)).toContain('class="katex"');
  });

  it('shows a text it could not render as escaped source, lines kept', () => {
    expect(sourceAsHtml('a <b>\n$x$ & "q"')).toBe('<pre class="markdown-source">a &#60;b&#62;\n$x$ &#38; &#34;q&#34;</pre>');
  });
});
