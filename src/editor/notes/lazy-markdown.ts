import { useEffect, useState } from 'react';
import { loadMarkdown, sourceAsHtml, type MarkdownModule } from '../markdown-loader';
import { enqueue } from './slices';

/**
 * A note's HTML, rendered off the render path: the first render shows nothing, and the
 * markdown is parsed (math as placeholders) as one job of the slice queue, so opening
 * a graph of 390 notes is 390 short tasks instead of one long one (issue 17, finding 3).
 * Results are kept by text, so a re-render or a second view of a note costs nothing.
 * While `enabled` is false (a note drawn as a titled card when zoomed far out) nothing
 * is parsed: a graph opened at fit view parses only the notes one zooms in to.
 */
const cache = new Map<string, string>();
const CACHE_ENTRIES = 1000;

function cached(text: string): string | undefined {
  const html = cache.get(text);
  if (html !== undefined) {
    cache.delete(text);
    cache.set(text, html); // most recently used last
  }
  return html;
}

function render(text: string, { renderMarkdown }: MarkdownModule): string {
  const html = renderMarkdown(text, { lazyMath: true });
  cache.set(text, html);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return html;
}

export function useLazyMarkdown(text: string, enabled = true): string {
  const [state, setState] = useState(() => ({ text, html: cached(text) ?? '' }));
  const ready = state.text === text ? state.html : (cached(text) ?? '');
  useEffect(() => {
    if (!enabled) return;
    if (cached(text) !== undefined) {
      setState({ text, html: cached(text)! });
      return;
    }
    let live = true;
    // Markdown and KaTeX load with the first note shown (markdown-loader.ts), not with the canvas.
    loadMarkdown().then(
      (md) =>
        enqueue(() => {
          if (!live) return;
          const html = cached(text) ?? render(text, md);
          setState({ text, html });
        }),
      () => live && setState({ text, html: sourceAsHtml(text) }),
    );
    return () => {
      live = false;
    };
  }, [text, enabled]);
  return ready;
}
