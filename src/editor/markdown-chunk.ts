/**
 * Notes, docs and equations as one lazily loaded chunk: KaTeX (with its stylesheet),
 * marked and DOMPurify are ~320 KB of JavaScript the canvas does not need to draw.
 * Only markdown-loader.ts imports this module, with `import()`.
 */
import 'katex/dist/katex.min.css';

export { renderMarkdown, tex } from './markdown';
