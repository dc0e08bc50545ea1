import { useRef, useState } from 'react';
import { useDeletedGraphs, useGraphList, useSetting, useWeightsSize } from '../../storage/hooks';
import type { GraphSort } from '../../storage/types';
import { exportCurrent } from './export';
import { formatAgo, formatBytes } from './format';
import { GraphItem } from './GraphItem';
import { importFile } from './import';
import { clearWeights, newGraph, purgeDeleted, restoreDeleted } from './manage';
import { lib, TRASH_DAYS } from './session';
import { useLibrary } from './store';

const SORTS: [GraphSort, string][] = [
  ['updated-desc', 'Last edited'],
  ['updated-asc', 'Least recently edited'],
  ['created-desc', 'Newest'],
  ['created-asc', 'Oldest'],
  ['name-asc', 'Name A–Z'],
  ['name-desc', 'Name Z–A'],
];

/** Opens the file picker; each chosen file is imported as a new graph. */
export function ImportButton({ className, label = 'Import…' }: { className?: string; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button className={className} data-testid="library-import" onClick={() => input.current?.click()} title="Import a graph file (.json) as a new graph; you can also drop it on the canvas">
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        data-testid="library-import-input"
        onChange={async (e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          for (const f of files) await importFile(f);
        }}
      />
    </>
  );
}

function Trash() {
  const deleted = useDeletedGraphs(lib());
  if (deleted.status !== 'ready' || !deleted.value.length) return null;
  return (
    <details className="lib-trash" data-testid="library-trash">
      <summary>Recently deleted ({deleted.value.length})</summary>
      <p className="lib-note">Kept for {TRASH_DAYS} days.</p>
      <ul>
        {deleted.value.map((g) => (
          <li key={g.id} data-testid="trash-item" data-name={g.name}>
            <span className="lib-item-name">{g.name}</span>
            <span className="lib-meta">deleted {formatAgo(g.deletedAt ?? g.updatedAt)}</span>
            <button onClick={() => void restoreDeleted(g.id)}>Restore</button>
            <button className="icon danger" onClick={() => window.confirm(`Delete “${g.name}” for good?`) && void purgeDeleted(g.id)} title="Delete for good" aria-label={`Delete ${g.name} for good`}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

function WeightsReadout() {
  const size = useWeightsSize(lib());
  const value = size.status === 'ready' ? size.value : null;
  return (
    <footer className="lib-weights" data-testid="weights-size" data-bytes={value?.bytes ?? ''}>
      <span>
        Trained weights: <b>{value ? (value.count ? `${formatBytes(value.bytes)} in ${value.count} model${value.count === 1 ? '' : 's'}` : 'none stored') : size.status === 'error' ? 'unavailable' : '…'}</b>
      </span>
      <button data-testid="weights-clear" disabled={!value?.count} onClick={() => window.confirm('Clear all trained weights? Models retrain when next run.') && void clearWeights()} title="Free the space; models retrain on their next run">
        Clear
      </button>
    </footer>
  );
}

/** The user's graphs: search, sort by date or name, and the list; new, import, trash, weights. */
export function GraphsTab() {
  const [search, setSearch] = useState('');
  const stored = useSetting('librarySort', lib());
  const [chosen, setChosen] = useState<GraphSort | null>(null);
  const sort = chosen ?? (stored.status === 'ready' ? stored.value : undefined) ?? 'updated-desc';
  const list = useGraphList({ search, sort }, lib());
  const openId = useLibrary((s) => s.openId);
  const memory = useLibrary((s) => s.status === 'memory');

  if (memory) {
    return (
      <div className="lib-body">
        <p className="lib-note lib-warn">The library is unavailable in this browser window (private browsing or storage turned off). Your graph lives in this tab only: export it to keep it.</p>
        <div className="lib-actions">
          <button className="primary" onClick={() => void exportCurrent(false)}>
            ⤓ Export .json
          </button>
          <ImportButton />
        </div>
      </div>
    );
  }
  return (
    <>
      <div className="lib-actions">
        <button className="primary" data-testid="library-new" onClick={() => void newGraph().then(() => useLibrary.setState({ panel: false }))}>
          + New graph
        </button>
        <ImportButton />
      </div>
      <div className="lib-filters">
        <input type="search" data-testid="library-search" placeholder="Search…" title="Words in the name or description" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select
          data-testid="library-sort"
          value={sort}
          aria-label="Sort"
          onChange={(e) => {
            const next = e.target.value as GraphSort;
            setChosen(next);
            void lib().settings.set('librarySort', next);
          }}
        >
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="lib-body">
        {list.status === 'error' && <p className="lib-note lib-warn">{list.error.message}</p>}
        {list.status === 'ready' && !list.value.length && <p className="lib-note">{search ? `No graph matches “${search}”.` : 'No graphs yet.'}</p>}
        {list.status === 'ready' && (
          <ul className="lib-list" data-testid="library-list">
            {list.value.map((g) => (
              <GraphItem key={g.id} summary={g} open={g.id === openId} />
            ))}
          </ul>
        )}
        <Trash />
      </div>
      <WeightsReadout />
    </>
  );
}
