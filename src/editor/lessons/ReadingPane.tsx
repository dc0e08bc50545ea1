import { memo, useMemo, type MouseEvent } from 'react';
import type { GraphNode } from '../../engine/format';
import { Checklist } from '../checks/Checklist';
import { useLazyMarkdown } from '../notes/lazy-markdown';
import { useLazyMath } from '../notes/lazy-math';
import { useGraph } from '../store/graph';
import { isSampler } from './compare/model';
import { useFocusNode } from './focus';
import { noteHeading, notesInOrder, noteText } from './reading-order';
import { useLessons } from './store';

const Note = memo(function Note({ note, index, active, focus }: { note: GraphNode; index: number; active: boolean; focus: (id: string) => void }) {
  const text = noteText(note);
  const html = useLazyMarkdown(text);
  const mathRef = useLazyMath(html);
  const onClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('a')) return; // links open; they do not move the canvas
    focus(note.id);
  };
  return (
    <article className={`reading-note${active ? ' active' : ''}`} data-testid={`reading-note-${note.id}`} data-index={index} onClick={onClick} title="Show this note on the canvas">
      <div ref={mathRef} className="reading-note-body markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
});

/** The document's notes in reading order (rows top to bottom, left to right), rendered; a click centres the canvas on one. */
export function ReadingPane() {
  const nodes = useGraph((s) => s.graph.nodes);
  const name = useGraph((s) => s.graph.name);
  const active = useLessons((s) => s.activeNote);
  const notes = useMemo(() => notesInOrder({ nodes }), [nodes]);
  const assertions = useGraph((s) => s.graph.assertions.length);
  // Compare puts samplers side by side: point to it only where there are two to compare.
  const samplers = useMemo(() => nodes.filter((n) => isSampler(n.type)).length, [nodes]);
  const focus = useFocusNode();
  return (
    <div className="lessons-body reading" data-testid="reading-pane">
      <div className="reading-title">
        <b>{name}</b>
        <span className="muted small">
          {notes.length} note{notes.length === 1 ? '' : 's'} · click one to find it on the canvas
        </span>
      </div>
      {notes.length > 1 && (
        <nav className="reading-outline" aria-label="Notes">
          {notes.map((n, i) => (
            <button key={n.id} className={n.id === active ? 'active' : ''} data-testid={`reading-outline-${n.id}`} onClick={() => {
                focus(n.id);
                document.querySelector(`[data-testid="reading-note-${n.id}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              }}
            >
              <span className="reading-outline-number">{i + 1}</span> {noteHeading(n) || n.id}
            </button>
          ))}
          {assertions > 0 && (
            <button data-testid="reading-outline-checks" onClick={() => document.querySelector('.reading [data-testid="checklist"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
              <span className="reading-outline-number">✓</span> Checks ({assertions})
            </button>
          )}
        </nav>
      )}
      {notes.map((n, i) => (
        <Note key={n.id} note={n} index={i} active={n.id === active} focus={focus} />
      ))}
      <Checklist compact />
      {!notes.length && <p className="muted">This graph has no notes. Open a lesson from the Lessons tab, or add a note node.</p>}
      {notes.length > 0 && (
        <p className="reading-next muted small">
          Run the graph (Ctrl+Enter){samplers > 1 ? ', then open ◫ Compare to put its samplers side by side at one t' : ''}.
        </p>
      )}
    </div>
  );
}
