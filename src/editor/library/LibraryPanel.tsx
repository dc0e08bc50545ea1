import { useEffect } from 'react';
import { ExamplesTab } from './ExamplesTab';
import { GraphsTab } from './GraphsTab';
import { useLibrary } from './store';

/** The library drawer over the left of the workspace: the user's graphs, and the examples gallery. */
export function LibraryPanel() {
  const open = useLibrary((s) => s.panel);
  const tab = useLibrary((s) => s.tab);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !(e.target as HTMLElement | null)?.closest?.('input, textarea') && useLibrary.setState({ panel: false });
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;
  return (
    <aside className="lib-panel" data-testid="library-panel" aria-label="Library">
      <header className="lib-head">
        <div className="lib-tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'graphs'} className={tab === 'graphs' ? 'active' : ''} data-testid="library-tab-graphs" onClick={() => useLibrary.setState({ tab: 'graphs' })}>
            My graphs
          </button>
          <button role="tab" aria-selected={tab === 'examples'} className={tab === 'examples' ? 'active' : ''} data-testid="library-tab-examples" onClick={() => useLibrary.setState({ tab: 'examples' })}>
            Examples
          </button>
        </div>
        <button className="icon lib-close" data-testid="library-close" onClick={() => useLibrary.setState({ panel: false })} aria-label="Close the library" title="Close (Esc)">
          ×
        </button>
      </header>
      {tab === 'graphs' ? <GraphsTab /> : <ExamplesTab />}
    </aside>
  );
}
