import { NodeResizer, useStore, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { setParam } from '../actions/set-param';
import type { FlowNode } from '../graph/flow';
import { headingOf } from '../lessons/reading-order';
import { useLazyMarkdown } from '../notes/lazy-markdown';
import { useLazyMath } from '../notes/lazy-math';
import { beginGesture, endGesture } from '../store/graph';
import { useView } from '../store/view';
import { farSelector } from './GraphNode';

/** A note: Markdown + KaTeX, sanitised; double-click to edit in place. */
export const NoteNode = memo(function NoteNode({ id, data, selected, height }: NodeProps<FlowNode>) {
  const text = typeof data.params.text === 'string' ? data.params.text : '';
  const [editing, setEditing] = useState(false);
  const far = useStore(farSelector);
  // Far out a note is a card (below): its markdown is parsed only once one zooms in.
  const html = useLazyMarkdown(text, !far || editing);
  const mathRef = useLazyMath(html);
  const size = useView((s) => s.measured[id]);
  // Zoomed far out a note is a titled card: its first heading, scaled to stay legible. Its
  // height is the measured one, or the file's: a note with neither is drawn whole once to
  // be measured (a card would measure as a card and stay one line high).
  const cardHeight = size?.height ?? height;
  if (far && cardHeight && !editing)
    return (
      <div className="note lod" style={{ height: cardHeight }} data-testid={`node-${id}`} data-type="note">
        <span className="lod-title">{headingOf(text) || 'Note'}</span>
      </div>
    );
  return (
    <div className={`note${selected ? ' selected' : ''}`} data-testid={`node-${id}`} data-type="note" onDoubleClick={() => setEditing(true)}>
      <NodeResizer isVisible={selected} minWidth={180} minHeight={60} onResizeStart={beginGesture} onResizeEnd={endGesture} lineClassName="note-resize-line" handleClassName="note-resize-handle" />
      {editing ? (
        <textarea
          className="note-editor nodrag nowheel"
          data-testid={`note-editor-${id}`}
          autoFocus
          defaultValue={text}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') setEditing(false);
          }}
          onBlur={(e) => {
            if (e.target.value !== text) setParam(id, 'text', e.target.value.slice(0, 20_000));
            setEditing(false);
          }}
        />
      ) : (
        <div ref={mathRef} className="note-body markdown nowheel" data-testid={`note-body-${id}`} dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </div>
  );
});
