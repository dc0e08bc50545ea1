import { useEffect, useState } from 'react';

/**
 * Markdown and KaTeX load when a note, the docs or an equation is first shown, not with
 * the canvas (markdown-chunk.ts). Everything that renders notes or math goes through
 * here; ESLint keeps the rest of the editor from importing markdown.ts, katex, marked
 * or DOMPurify directly.
 */
export type MarkdownModule = typeof import('./markdown-chunk');

let loaded: MarkdownModule | undefined;
let loading: Promise<MarkdownModule> | undefined;

/** The module, loading it the first time (a failed load, e.g. offline, is tried again next time). */
export function loadMarkdown(): Promise<MarkdownModule> {
  loading ??= import('./markdown-chunk').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** The module when it has loaded, else undefined (no load started). */
export function markdownIfLoaded(): MarkdownModule | undefined {
  return loaded;
}

/** A text shown as it is (the module could not load): escaped, in a <pre> that keeps its lines. */
export function sourceAsHtml(text: string): string {
  return `<pre class="markdown-source">${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`;
}

/** The module for a component: undefined on the renders before it has loaded. */
export function useMarkdown(): MarkdownModule | undefined {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (module) return;
    let live = true;
    loadMarkdown().then(
      (m) => live && setModule(m),
      () => undefined, // the caller keeps showing the plain source
    );
    return () => {
      live = false;
    };
  }, [module]);
  return module;
}
