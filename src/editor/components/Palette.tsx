import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { addNode } from '../actions/add-node';
import { searchDefs } from '../graph/search';
import { allNodeDefs, CATEGORY_COLORS, paletteGroups } from '../registry';
import { PALETTE_MIME } from './Canvas';
import { NODE_WIDTH } from './GraphNode';

/** Node types by category, with search; drag one onto the canvas, or click to add it in view. */
export function Palette() {
  const [query, setQuery] = useState('');
  const rf = useReactFlow();
  const groups = useMemo(() => paletteGroups(searchDefs(query, allNodeDefs)), [query]);

  const addInView = (type: string) => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect();
    if (!rect) return;
    const p = rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    addNode(type, { x: p.x - NODE_WIDTH / 2, y: p.y - 40 });
  };

  return (
    <aside className="palette" data-testid="palette">
      <input className="palette-search" data-testid="palette-search" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} />
      <div className="palette-list">
        {groups.map((g) => (
          <section key={g.category} className="palette-group">
            <h3 style={{ color: CATEGORY_COLORS[g.category] }}>{g.category}</h3>
            {g.defs.map((d) => (
              <div
                key={d.type}
                className="palette-item"
                draggable
                data-testid={`palette-item-${d.type}`}
                title={`${d.type}\n${d.docs.summary}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, d.type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onDoubleClick={() => addInView(d.type)}
                onKeyDown={(e) => e.key === 'Enter' && addInView(d.type)}
                tabIndex={0}
              >
                <span className="palette-dot" style={{ background: CATEGORY_COLORS[g.category] }} />
                <span className="palette-title">{d.title}</span>
              </div>
            ))}
          </section>
        ))}
        {!groups.length && <p className="muted">No node matches “{query}”.</p>}
      </div>
      <p className="palette-hint">Drag onto the canvas · double-click the canvas to search</p>
    </aside>
  );
}
