import DOMPurify from 'dompurify';
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';
import { MATH_LIMITS, MathBudget } from './notes/math-budget';
import { isLocalResource, safeStyle } from './notes/safe-style';

/** KaTeX settings for text from files: no \href or \htmlData (trust off), bounded macro expansion. */
const KATEX = { throwOnError: false, trust: false, maxExpand: 1000, maxSize: 50, strict: 'ignore' } as const;

export function tex(source: string, displayMode: boolean): string {
  return katex.renderToString(source, { ...KATEX, displayMode });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * How math is written while one text renders (marked's renderers are module-level; a
 * render is synchronous, so this is set for exactly its duration).
 */
let current: { budget: MathBudget; lazy: boolean } = { budget: new MathBudget(), lazy: false };

/**
 * One formula: KaTeX now, or (lazy) a placeholder holding its source that
 * notes/lazy-math.ts renders when the note is on screen, in time slices. Over the
 * note's budget the source stays as plain text with its dollars (no element per
 * formula: 800 of them made a note's HTML 110 KB and its sanitising ~100 ms), and one
 * notice at the end of the note says why (markdownToHtml).
 */
function math(source: string, display: boolean): string {
  if (!current.budget.take(source)) return escapeHtml(display ? `$$${source}$$` : `$${source}$`);
  if (current.lazy) return `<span class="math-lazy" data-tex="${escapeHtml(source)}" data-display="${display ? 1 : 0}">${escapeHtml(source)}</span>`;
  return tex(source, display);
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src) {
    const m = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
    return m ? { type: 'blockMath', raw: m[0], text: m[1].trim() } : undefined;
  },
  renderer: (token) => `<div class="math-display">${math(token.text as string, true)}</div>`,
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
  renderer: (token) => (token.display ? `<span class="math-display">${math(token.text as string, true)}</span>` : math(token.text as string, false)),
};

const marked = new Marked({ gfm: true, async: false, extensions: [blockMath, inlineMath] });

/** Said once under a note whose math went past its bounds (notes/math-budget.ts). */
const mathNotice = (refused: number) =>
  `<p class="math-notice">${refused} formula${refused === 1 ? '' : 's'} shown as TeX: a note renders at most ${MATH_LIMITS.formulasPerNote} formulas, ${MATH_LIMITS.texCharsPerNote} characters of TeX, ${MATH_LIMITS.texCharsPerFormula} per formula.</p>`;

export interface MarkdownOptions {
  /** Math as placeholders rendered later (notes/lazy-math.ts): notes from files and links. */
  lazyMath?: boolean;
}

/** Markdown with $…$ and $$…$$ math (bounded per text, see notes/math-budget.ts), to HTML. Not yet safe: see renderMarkdown. */
export function markdownToHtml(text: string, options: MarkdownOptions = {}): string {
  const previous = current;
  const budget = new MathBudget();
  current = { budget, lazy: options.lazyMath ?? false };
  try {
    const html = marked.parse(text, { async: false });
    return budget.refused ? html + mathNotice(budget.refused) : html;
  } finally {
    current = previous;
  }
}

/** Attributes that load a resource: kept only when it is local (notes/safe-style.ts). */
const RESOURCE_ATTRS = ['src', 'href', 'xlink:href', 'poster', 'background', 'action', 'data'];

let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    data.attrValue = safeStyle(data.attrValue);
    if (!data.attrValue) data.keepAttr = false;
  });
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
      return;
    }
    for (const name of RESOURCE_ATTRS) {
      const value = node.getAttribute(name);
      if (value !== null && !isLocalResource(value)) {
        node.removeAttribute(name);
        if (node.tagName === 'IMG') node.setAttribute('title', `remote image not loaded: ${value.slice(0, 200)}`);
      }
    }
  });
}

/**
 * Markdown + KaTeX, sanitised by DOMPurify: no script, no event handler attribute, no
 * javascript: URL, no style beyond KaTeX's own properties, no remote resource survives,
 * whatever the text (a note in a file from anyone). The CSP in index.html backs this up.
 */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  hook();
  return DOMPurify.sanitize(markdownToHtml(text, options), {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'video', 'audio', 'source', 'track', 'picture', 'image', 'use', 'foreignObject'],
    FORBID_ATTR: ['srcset', 'formaction', 'ping', 'imagesrcset'],
  });
}
