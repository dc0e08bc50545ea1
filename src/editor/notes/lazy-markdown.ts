import { useEffect, useState } from 'react';
import { renderMarkdown } from '../markdown';
import { enqueue } from './slices';

/**
 * A note's HTML, rendered off the render path: the first render shows nothing, and the
 * markdown is parsed (math as placeholders) as one job of the slice queue, so opening
 * a graph of 390 notes is 390 short tasks instead of one long one (issue 17, finding 3).
 * Results are kept by text, so a re-render or a second view of a note costs nothing.
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

function render(text: string): string {
  const html = renderMarkdown(text, { lazyMath: true });
  cache.set(text, html);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return html;
}

export function useLazyMarkdown(text: string): string {
  const [state, setState] = useState(() => ({ text, html: cached(text) ?? '' }));
  const ready = state.text === text ? state.html : (cached(text) ?? '');
  useEffect(() => {
    if (cached(text) !== undefined) {
      setState({ text, html: cached(text)! });
      return;
    }
    let live = true;
    enqueue(() => {
      if (!live) return;
      const html = cached(text) ?? render(text);
      setState({ text, html });
    });
    return () => {
      live = false;
    };
  }, [text]);
  return ready;
}
