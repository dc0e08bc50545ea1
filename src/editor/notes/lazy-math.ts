import './notes.css';
import { useCallback, useRef } from 'react';
import { markdownIfLoaded } from '../markdown-loader';
import { MATH_LIMITS } from './math-budget';
import { enqueue } from './slices';

/**
 * Renders the math placeholders of notes (markdown.ts, lazyMath) only when the note is
 * on screen, one formula per job of the shared slice queue (slices.ts), so no note —
 * and no number of notes — blocks the page (issue 17, finding 3). Past
 * MATH_LIMITS.formulasPerPage the TeX stays as text.
 */
let renderedOnPage = 0;

function renderFormula(el: HTMLElement): void {
  // Placeholders come from the markdown module (lazy-markdown.ts), so KaTeX has loaded by now.
  const md = markdownIfLoaded();
  if (!md || !el.isConnected || !el.classList.contains('math-lazy')) return;
  if (renderedOnPage >= MATH_LIMITS.formulasPerPage) {
    el.className = 'math-source';
    el.title = 'not rendered: the open notes hold more math than a page may render';
    return;
  }
  renderedOnPage++;
  // KaTeX with trust off emits no script, link or resource; its styles are the allowed ones (safe-style.ts).
  el.innerHTML = md.tex(el.dataset.tex ?? '', el.dataset.display === '1');
  el.className = 'math-rendered';
}

let observer: IntersectionObserver | undefined;

function observe(root: HTMLElement): void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer!.unobserve(entry.target);
        for (const el of entry.target.querySelectorAll<HTMLElement>('.math-lazy')) enqueue(() => renderFormula(el));
      }
    },
    { rootMargin: '200px' },
  );
  observer.observe(root);
}

/**
 * A ref for the element holding a note's HTML: its math renders when it scrolls into
 * view. `html` is the rendered markdown, so a changed note is observed again.
 */
export function useLazyMath(html: string): (el: HTMLElement | null) => void {
  const last = useRef<HTMLElement | null>(null);
  return useCallback(
    (el: HTMLElement | null) => {
      if (last.current && last.current !== el) observer?.unobserve(last.current);
      last.current = el;
      if (el && el.querySelector('.math-lazy')) observe(el);
    },
    // `html` is not read inside: a new one means new placeholders, so the ref is called again.
    [html],
  );
}
