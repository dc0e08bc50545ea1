import { useMemo, useState } from 'react';
import { addNode, fitsPending } from '../actions/add-node';
import { searchDefs } from '../graph/search';
import { allNodeDefs, CATEGORY_COLORS } from '../registry';
import { useUi } from '../store/ui';

const MAX = 12;

/** The quick-add box: type to filter, Enter adds the highlighted node where the box opened. */
export function SearchBox() {
  const search = useUi((s) => s.search);
  if (!search) return null;
  return <SearchPanel key={`${search.screen.x},${search.screen.y}`} />;
}

function SearchPanel() {
  const search = useUi((s) => s.search)!;
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const candidates = useMemo(() => {
    const defs = search.pending ? allNodeDefs.filter((d) => fitsPending(d.type, search.pending!)) : allNodeDefs;
    return searchDefs(query, defs).slice(0, MAX);
  }, [query, search.pending]);
  const close = () => useUi.setState({ search: null });
  const choose = (type: string | undefined) => {
    if (type) addNode(type, search.flow, search.pending);
    close();
  };
  const left = Math.min(search.screen.x, window.innerWidth - 300);
  const top = Math.min(search.screen.y, window.innerHeight - 360);
  return (
    <div className="search-backdrop" onPointerDown={close}>
      <div className="search-box" data-testid="node-search" style={{ left, top }} onPointerDown={(e) => e.stopPropagation()}>
        {search.pending && <div className="search-pending">nodes that take a {search.pending.type}</div>}
        <input
          autoFocus
          data-testid="node-search-input"
          placeholder="Add node…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, candidates.length - 1));
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
            else if (e.key === 'Enter') choose(candidates[index]?.type);
            else if (e.key === 'Escape') close();
            else return;
            e.preventDefault();
          }}
        />
        <ul>
          {candidates.map((d, i) => (
            <li key={d.type} className={i === index ? 'active' : ''} data-testid={`node-search-item-${d.type}`} onPointerEnter={() => setIndex(i)} onClick={() => choose(d.type)}>
              <span className="palette-dot" style={{ background: CATEGORY_COLORS[d.category] }} />
              <span className="search-title">{d.title}</span>
              <span className="search-type">{d.type}</span>
            </li>
          ))}
          {!candidates.length && <li className="muted">no node fits</li>}
        </ul>
      </div>
    </div>
  );
}
