import { memo, useMemo } from 'react';
import type { AnyNodeDef } from '../../engine/node';
import { useMarkdown } from '../markdown-loader';

/** An equation: its TeX source as text until KaTeX has loaded (markdown-loader.ts), then typeset. */
export const Tex = memo(function Tex({ source, display = true }: { source: string; display?: boolean }) {
  const md = useMarkdown();
  const html = useMemo(() => md?.tex(source, display), [md, source, display]);
  if (html === undefined) return <div className="tex tex-source">{source}</div>;
  return <div className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});

const Markdown = memo(function Markdown({ text }: { text: string }) {
  const md = useMarkdown();
  const html = useMemo(() => md?.renderMarkdown(text), [md, text]);
  if (html === undefined) return <div className="markdown markdown-source">{text}</div>;
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
});

/** A node type's docs: summary, equation (KaTeX), reference, notes. */
export const Docs = memo(function Docs({ def }: { def: AnyNodeDef }) {
  const { summary, equation, reference, notes } = def.docs;
  return (
    <div className="docs" data-testid="inspector-docs">
      <p>{summary}</p>
      {equation && <Tex source={equation} />}
      {reference && (
        <p className="docs-ref" data-testid="inspector-reference">
          <span>Reference</span> {reference}
        </p>
      )}
      {notes && (
        <details>
          <summary>Notes</summary>
          <Markdown text={notes} />
        </details>
      )}
    </div>
  );
});
