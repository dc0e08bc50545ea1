import DOMPurify from 'dompurify';
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';

/** KaTeX settings for text from files: no \href or \htmlData (trust off), bounded macro expansion. */
const KATEX = { throwOnError: false, trust: false, maxExpand: 1000, maxSize: 50, strict: 'ignore' } as const;

export function tex(source: string, displayMode: boolean): string {
  return katex.renderToString(source, { ...KATEX, displayMode });
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src) {
    const m = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
    return m ? { type: 'blockMath', raw: m[0], text: m[1].trim() } : undefined;
  },
  renderer: (token) => `<div class="math-display">${tex(token.text as string, true)}</div>`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => {
    const i = src.indexOf('$');
    return i < 0 ? undefined : i;
  },
  tokenizer(src) {
    const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
    if (display) return { type: 'inlineMath', raw: display[0], text: display[1].trim(), display: true };
    const m = /^\$((?:\\\$|[^$\n])+?)\$/.exec(src);
    return m ? { type: 'inlineMath', raw: m[0], text: m[1], display: false } : undefined;
  },
  renderer: (token) => (token.display ? `<span class="math-display">${tex(token.text as string, true)}</span>` : tex(token.text as string, false)),
};

const marked = new Marked({ gfm: true, async: false, extensions: [blockMath, inlineMath] });

/** Markdown with $…$ and $$…$$ math, to HTML. Not yet safe: see renderMarkdown. */
export function markdownToHtml(text: string): string {
  return marked.parse(text, { async: false });
}

let hooked = false;

/**
 * Markdown + KaTeX, sanitised by DOMPurify: no script, no event handler attribute, no
 * javascript: URL survives, whatever the text (a note in a file from anyone).
 */
export function renderMarkdown(text: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(markdownToHtml(text), {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['srcset', 'formaction'],
  });
}
